// Shown while Settings → API loads on a client navigation: the page's outline, no spinner.
export default function ApiSettingsLoading() {
  return (
    <div className="space-y-6" role="status" aria-busy="true" aria-label="Loading API keys">
      <div className="h-8 w-40 animate-pulse rounded bg-slate-200" />
      <div className="h-4 w-full max-w-2xl animate-pulse rounded bg-slate-100" />
      <div className="h-48 animate-pulse rounded-xl border border-slate-200 bg-white" />
    </div>
  );
}
