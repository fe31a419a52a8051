"use client";

import { LoaderCircleIcon } from "lucide-react";
import type { Ref } from "react";
import { buttonClass } from "@/components/ui/button";
import { Timestamp } from "@/components/ui/timestamp";
import { TooltipProvider } from "@/components/ui/tooltip";
import { UnknownPerson } from "@/components/ui/unknown-person";
import type { ActivityRow } from "@/lib/audit/activity";

const UNKNOWN_ACTOR = "This person has left the workspace or their account was deleted. What they did stays on record.";

/** Activity's events as sentences, newest first; each row can take focus (after "Show more"). */
export function ActivityEvents({
  events,
  now,
  label,
  busy,
  dimmed,
  listRef,
}: {
  events: ActivityRow[];
  now: Date;
  label: string;
  busy: boolean;
  /** While a filtered page loads: the old rows stay, faded. */
  dimmed: boolean;
  listRef: Ref<HTMLOListElement>;
}) {
  return (
    <TooltipProvider>
      <ol
        ref={listRef}
        aria-label={label}
        aria-busy={busy}
        className={`divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs transition-opacity ${dimmed ? "opacity-60" : ""}`}
      >
        {events.map((event) => (
          <li
            key={event.id}
            data-testid="activity-event"
            tabIndex={-1}
            className="flex flex-col gap-0.5 px-4 py-3 text-sm outline-none focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-inset sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
          >
            <p className="min-w-0 break-words text-slate-700">
              {event.actorName ? (
                <span className="font-medium text-slate-900">{event.actorName}</span>
              ) : (
                <UnknownPerson reason={UNKNOWN_ACTOR} />
              )}{" "}
              {event.description}
            </p>
            <span className="shrink-0 text-xs text-slate-500">
              <Timestamp iso={event.createdAt} now={now} relative />
            </span>
          </li>
        ))}
      </ol>
    </TooltipProvider>
  );
}

/** "Show more" while there is a next page, the last load's error, and the live status line. */
export function ShowMore({
  more,
  loading,
  error,
  status,
  onShowMore,
}: {
  more: boolean;
  loading: boolean;
  error: string | null;
  status: string;
  onShowMore: () => void;
}) {
  if (!more && !error && !status) return null;
  return (
    <div className="flex flex-col items-center gap-2">
      {more ? (
        <button
          type="button"
          onClick={onShowMore}
          // aria-disabled, not disabled: a disabled button drops keyboard focus to the page.
          aria-disabled={loading}
          className={buttonClass("secondary", loading ? "cursor-progress opacity-70" : "")}
        >
          {loading ? <LoaderCircleIcon aria-hidden="true" className="h-4 w-4 animate-spin" /> : null}
          Show more
        </button>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <p role="status" className={more ? "sr-only" : "text-xs text-slate-500"}>
        {status}
      </p>
    </div>
  );
}
