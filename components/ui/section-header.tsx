import type { ReactNode } from "react";

/** How the row sits: a line of text beside the title on its baseline, or a button centred on it. */
const LAYOUTS = {
  note: "flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1",
  action: "flex flex-wrap items-center justify-between gap-3",
} as const;

/**
 * A page section's title row: the h2 its section is labelled by (aria-labelledby={titleId}), and
 * what stands beside it, wrapping below it on a narrow screen.
 */
export function SectionHeader({
  titleId,
  title,
  layout,
  children,
}: {
  titleId: string;
  title: ReactNode;
  layout: keyof typeof LAYOUTS;
  children: ReactNode;
}) {
  return (
    <div className={LAYOUTS[layout]}>
      <h2 id={titleId} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {children}
    </div>
  );
}
