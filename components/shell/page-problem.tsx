import type { ReactNode } from "react";

/** The frame of the app's own error, not-found and loading pages: a heading, a sentence, actions. */
export function PageProblem({ title, children, actions }: { title: string; children: ReactNode; actions: ReactNode }) {
  return (
    <section className="mx-auto flex max-w-lg flex-col items-center rounded-xl border border-slate-200 bg-white px-6 py-12 text-center shadow-xs">
      <h1 className="text-lg font-semibold tracking-tight text-slate-900">{title}</h1>
      <div className="mt-2 text-sm leading-relaxed text-slate-600">{children}</div>
      <div className="mt-6 flex flex-wrap justify-center gap-3">{actions}</div>
    </section>
  );
}
