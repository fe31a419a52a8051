"use client";

import { TooltipProvider } from "@/components/ui/tooltip";
import type { ActivityRow } from "@/lib/audit/activity";
import { Timestamp, useNow } from "./timestamp";
import { UnknownPerson } from "./unknown-person";

const UNKNOWN_ACTOR = "This person has left the workspace or their account was deleted. What they did stays on record.";

/** "Activity": the latest changes to the organization's keys, newest first, as sentences. */
export function ActivityList({
  events,
  renderedAt,
  limit,
}: {
  events: ActivityRow[];
  renderedAt: string;
  limit: number;
}) {
  const now = useNow(renderedAt);
  return (
    <section aria-labelledby="api-key-activity-title" className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="api-key-activity-title" className="text-sm font-semibold text-slate-900">
          Activity
        </h2>
        <p className="text-xs text-slate-500">The latest {limit} changes to your organization's keys.</p>
      </div>
      {events.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          No activity yet. Creating, renaming, rolling and revoking keys is recorded here.
        </p>
      ) : (
        <TooltipProvider>
          <ol className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs">
            {events.map((event) => (
              <li
                key={event.id}
                data-testid="activity-event"
                className="flex flex-col gap-0.5 px-4 py-3 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
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
      )}
    </section>
  );
}
