import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { BrandMark } from "./brand-mark";

/**
 * The white bar at the top of every page: the brand and the page's title (and what follows it,
 * e.g. the organization) on the left, actions on the right.
 */
export function TopBar({
  width,
  title,
  after,
  end,
}: {
  width: "max-w-4xl" | "max-w-6xl";
  title: string;
  after?: ReactNode;
  end: ReactNode;
}) {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className={cn("mx-auto flex h-14 items-center justify-between gap-4 px-4 sm:px-6", width)}>
        <div className="flex min-w-0 items-center gap-3">
          <BrandMark />
          <span className="font-semibold">{title}</span>
          {after}
        </div>
        {end}
      </div>
    </header>
  );
}
