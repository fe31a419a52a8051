import { SectionHeader } from "@/components/ui/section-header";
import type { KeyPageData, OutcomeCounts } from "@/lib/api-keys/views/key-page";
import { formatCount } from "@/lib/format/request-counts";

/** Outcomes in the order they are stacked (bottom up) and listed; colours also differ in lightness. */
const OUTCOMES = [
  { field: "successes", label: "Successful", swatch: "bg-brand-500" },
  { field: "clientErrors", label: "Client errors", swatch: "bg-orange-400" },
  { field: "rateLimited", label: "Rate-limited", swatch: "bg-amber-300" },
  { field: "serverErrors", label: "Server errors", swatch: "bg-red-700" },
] as const satisfies readonly { field: keyof OutcomeCounts; label: string; swatch: string }[];

const PERIODS = [
  { field: "last24h", label: "Last 24 hours" },
  { field: "last7d", label: "Last 7 days" },
  { field: "last30d", label: "Last 30 days" },
] as const;

const shortDay = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

/**
 * Requests by outcome: the numbers in a table (what a screen reader reads, and the exact figures
 * for everyone), and 30 stacked bars, one per 24 hours, for the shape at a glance.
 */
export function KeyUsage({ usage }: { usage: KeyPageData["usage"] }) {
  const max = Math.max(1, ...usage.daily.map((day) => day.requests));
  return (
    <section aria-labelledby="key-usage-title" className="space-y-3">
      <SectionHeader titleId="key-usage-title" title="Requests" layout="note">
        <p className="text-xs text-slate-500">All requests made with this key, refused ones included.</p>
      </SectionHeader>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs">
        <table
          className="w-full min-w-[21rem] border-collapse text-left text-xs sm:text-sm"
          data-testid="key-usage-table"
        >
          <caption className="sr-only">Requests made with this key by outcome</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
            <tr>
              <th scope="col" className="py-2.5 pr-2 pl-3 font-medium sm:px-4">
                Period
              </th>
              <th scope="col" className="px-2 py-2.5 text-right align-bottom font-medium sm:px-3">
                Requests
              </th>
              {OUTCOMES.map((outcome) => (
                <th
                  key={outcome.field}
                  scope="col"
                  className="px-2 py-2.5 text-right align-bottom font-medium last:pr-3 sm:px-3 sm:last:pr-4"
                >
                  <span className="inline-flex items-center justify-end gap-1.5">
                    <span aria-hidden="true" className={`h-2.5 w-2.5 shrink-0 rounded-sm ${outcome.swatch}`} />
                    {outcome.label}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular-nums">
            {PERIODS.map((period) => {
              const counts = usage[period.field];
              return (
                <tr key={period.field}>
                  <th scope="row" className="py-2.5 pr-2 pl-3 font-medium text-slate-900 sm:px-4 sm:whitespace-nowrap">
                    {period.label}
                  </th>
                  <td className="px-2 py-2.5 text-right font-medium text-slate-900 sm:px-3">
                    {formatCount(counts.requests)}
                  </td>
                  {OUTCOMES.map((outcome) => (
                    <td
                      key={outcome.field}
                      className="px-2 py-2.5 text-right text-slate-700 last:pr-3 sm:px-3 sm:last:pr-4"
                    >
                      {formatCount(counts[outcome.field])}
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <figure className="rounded-xl border border-slate-200 bg-white px-4 pt-4 pb-3 shadow-xs">
        {/* The table above has these numbers; the bars only give the shape. */}
        <div aria-hidden="true" data-testid="key-usage-chart" className="flex h-28 items-end gap-[3px]">
          {usage.daily.map((day) => (
            <div
              key={day.start}
              title={`${shortDay.format(new Date(day.start))}: ${formatCount(day.requests)} requests`}
              className="flex h-full min-w-0 flex-1 flex-col-reverse"
            >
              {day.requests === 0 ? (
                <div className="h-px w-full bg-slate-200" />
              ) : (
                OUTCOMES.map((outcome) =>
                  day[outcome.field] > 0 ? (
                    <div
                      key={outcome.field}
                      className={`w-full first:rounded-b-[1px] last:rounded-t-[1px] ${outcome.swatch}`}
                      style={{ height: `${Math.max(1.5, (day[outcome.field] / max) * 100)}%` }}
                    />
                  ) : null,
                )
              )}
            </div>
          ))}
        </div>
        <figcaption className="mt-2 flex justify-between text-xs text-slate-500">
          <span>30 days ago</span>
          <span>One bar per 24 hours</span>
          <span>Now</span>
        </figcaption>
      </figure>
    </section>
  );
}
