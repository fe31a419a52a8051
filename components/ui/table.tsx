import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/**
 * A data table in a bordered card. On narrow screens the card scrolls sideways (the table keeps
 * its columns) and the first column stays pinned, so each row stays identifiable.
 */
export function Table({
  label,
  minWidth = "52rem",
  children,
}: {
  label: string;
  minWidth?: string;
  children: ReactNode;
}) {
  return (
    // relative: visually hidden (absolutely positioned) text in cells stays inside the scrolling card
    // instead of widening the page.
    <section
      aria-label={label}
      className="relative overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-xs"
    >
      <table className="w-full border-collapse text-left text-sm" style={{ minWidth }}>
        {children}
      </table>
    </section>
  );
}

export function TableHeader(props: ComponentProps<"thead">) {
  return <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600" {...props} />;
}

export function TableBody(props: ComponentProps<"tbody">) {
  return <tbody className="divide-y divide-slate-100" {...props} />;
}

export function TableRow({ className = "", ...props }: ComponentProps<"tr">) {
  return <tr className={cn("group transition-colors hover:bg-slate-50/70", className)} {...props} />;
}

const PINNED = "sticky left-0 z-[1] shadow-[1px_0_0_var(--color-slate-100)] sm:static sm:shadow-none";

export function TableHead({ pinned = false, className = "", ...props }: ComponentProps<"th"> & { pinned?: boolean }) {
  return (
    <th
      scope="col"
      className={cn(
        "px-3 py-3 font-medium whitespace-nowrap first:pl-4 last:pr-4",
        pinned && `${PINNED} bg-slate-50`,
        className,
      )}
      {...props}
    />
  );
}

export function TableCell({ pinned = false, className = "", ...props }: ComponentProps<"td"> & { pinned?: boolean }) {
  return (
    <td
      className={cn(
        "px-3 py-3.5 align-middle first:pl-4 last:pr-4",
        pinned && `${PINNED} bg-white group-hover:bg-slate-50`,
        className,
      )}
      {...props}
    />
  );
}
