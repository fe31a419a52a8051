"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { Tooltip } from "@/components/ui/tooltip";
import { formatDay, formatExactTime, formatRelativeTime } from "@/lib/format/dates";

const noSubscription = () => () => {};

/**
 * False while the server's HTML is hydrated, true afterwards. Dates render in UTC until then
 * (the server cannot know the browser's time zone) and in the viewer's own zone after, so
 * hydration never mismatches.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

/**
 * The server's render time at first (so hydration matches), then the browser's clock, every
 * 30 s, and again whenever the server renders anew (after an action), so a key created a moment
 * ago with a 30-day expiry reads "Expires in 29 days", never 30.
 */
export function useNow(renderedAt: string): Date {
  const [now, setNow] = useState(() => new Date(renderedAt));
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new server render is the signal to re-read the clock
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, [renderedAt]);
  return now;
}

/** A date ("Mar 14, 2025") or a relative time ("3 minutes ago"), with the exact time on hover and focus. */
export function Timestamp({ iso, now, relative = false }: { iso: string; now: Date; relative?: boolean }) {
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  const date = new Date(iso);
  return (
    <Tooltip content={formatExactTime(date, timeZone)}>
      <time
        dateTime={iso}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: focusable so keyboard users reach the exact time too
        tabIndex={0}
        className="cursor-default rounded-sm whitespace-nowrap underline decoration-slate-300 decoration-dotted underline-offset-4"
      >
        {relative ? formatRelativeTime(date, now) : formatDay(date, timeZone)}
      </time>
    </Tooltip>
  );
}
