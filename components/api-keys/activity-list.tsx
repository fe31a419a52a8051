"use client";

import { DownloadIcon, LoaderCircleIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { TooltipProvider } from "@/components/ui/tooltip";
import { loadActivityPageAction } from "@/lib/actions/load-activity-page";
import type { ActivityKeyOption, ActivityRow } from "@/lib/audit/activity";
import { ACTIVITY_CSV_PATH } from "@/lib/routes";
import { ActivityFilter } from "./activity-filter";
import { Timestamp, useNow } from "./timestamp";
import { UnknownPerson } from "./unknown-person";

const UNKNOWN_ACTOR = "This person has left the workspace or their account was deleted. What they did stays on record.";

export interface ActivityListProps {
  events: ActivityRow[];
  nextCursor: string | null;
  renderedAt: string;
  keys: ActivityKeyOption[];
  /** As loadApiSettings applied it: null → all keys. */
  filter: { keyId: string; known: boolean } | null;
}

/**
 * "Activity": every change to the organization's keys, newest first, as sentences; filterable
 * by key (in the URL), paged by "Show more" (a server action with the last page's cursor), and
 * exported whole as CSV. Pages loaded here are appended; a new server render starts over from
 * its first page, so the list never mixes an old page with a newer first page.
 */
export function ActivityList({ events, nextCursor, renderedAt, keys, filter }: ActivityListProps) {
  const now = useNow(renderedAt);
  const pathname = usePathname();
  const [filtering, startFiltering] = useTransition();
  const [loading, startLoading] = useTransition();
  const keyId = filter?.known ? filter.keyId : undefined;
  const [shown, setShown] = useState(events);
  const [cursor, setCursor] = useState(nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState("");
  const [render, setRender] = useState(renderedAt);
  const listRef = useRef<HTMLOListElement>(null);
  // The row to focus once the page that holds it has rendered (set with the last page).
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusRow === null) return;
    listRef.current?.querySelectorAll<HTMLElement>("li")[focusRow]?.focus();
    setFocusRow(null);
  }, [focusRow]);
  // A new server render (filter changed, or a key action revalidated the page) starts the list
  // over from its first page. Reset in place rather than remounting, so focus stays on the key filter.
  if (render !== renderedAt) {
    setRender(renderedAt);
    setShown(events);
    setCursor(nextCursor);
    setError(null);
    setStatus("");
  }

  const filteredKey = keyId ? keys.find((key) => key.id === keyId) : undefined;
  const exportHref = keyId ? `${ACTIVITY_CSV_PATH}?key=${encodeURIComponent(keyId)}` : ACTIVITY_CSV_PATH;

  function showMore() {
    if (!cursor || loading) return;
    setError(null);
    startLoading(async () => {
      const result = await loadActivityPageAction({ cursor, keyId });
      // Updates after an await are not part of the transition unless wrapped again: unwrapped, the
      // new rows would render while `loading` is still true, and a press in that gap is dropped.
      startLoading(() => showPage(result));
    });
  }

  function showPage(result: Awaited<ReturnType<typeof loadActivityPageAction>>) {
    if (!result.ok) {
      setError(result.fieldErrors?.cursor?.[0] ?? result.error);
      return;
    }
    const firstNew = shown.length;
    setShown((current) => [...current, ...result.events]);
    setCursor(result.nextCursor);
    const total = firstNew + result.events.length;
    setStatus(
      `Loaded ${result.events.length} more. ${result.nextCursor ? `Showing ${total} events.` : `That's all ${total} events.`}`,
    );
    // The button stays where it was (and keeps focus) while there is more; on the last page it
    // goes, so focus moves to the first event just loaded rather than falling to the page top.
    if (!result.nextCursor) setFocusRow(firstNew);
  }

  const description = filteredKey
    ? `Changes to “${filteredKey.name}” (${filteredKey.prefix}…), newest first.`
    : "Every change to your organization's keys, newest first.";

  return (
    <section aria-labelledby="api-key-activity-title" className="space-y-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <div className="space-y-0.5">
          <h2 id="api-key-activity-title" className="text-sm font-semibold text-slate-900">
            Activity
          </h2>
          <p className="text-xs text-slate-500">{description}</p>
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <ActivityFilter
            keys={keys}
            keyId={keyId}
            renderedAt={renderedAt}
            startFiltering={startFiltering}
            busy={filtering}
          />
          {/* No `download` attribute: the response's Content-Disposition makes it a download, and an
              ended session then goes to sign-in instead of saving the sign-in page as a file. */}
          <a href={exportHref} className={buttonClass("secondary", "shrink-0")}>
            <DownloadIcon aria-hidden="true" className="h-4 w-4" />
            Export CSV
          </a>
        </div>
      </div>

      {filter && !filter.known ? (
        <Callout tone="warning" role="status">
          <p>
            The key in this link isn't one of your organization's keys, so there is no activity to show.{" "}
            <Link href={pathname} scroll={false} className="font-medium underline underline-offset-2">
              Show all activity
            </Link>
          </p>
        </Callout>
      ) : shown.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          {filteredKey
            ? "No activity for this key yet."
            : "No activity yet. Creating, renaming, rolling and revoking keys is recorded here."}
        </p>
      ) : (
        <TooltipProvider>
          <ol
            ref={listRef}
            aria-label={filteredKey ? `Activity of ${filteredKey.name}` : "Activity"}
            aria-busy={filtering || loading}
            className={`divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white shadow-xs transition-opacity ${filtering ? "opacity-60" : ""}`}
          >
            {shown.map((event) => (
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
      )}

      {cursor || error || status ? (
        <div className="flex flex-col items-center gap-2">
          {cursor ? (
            <button
              type="button"
              onClick={showMore}
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
          <p role="status" className={cursor ? "sr-only" : "text-xs text-slate-500"}>
            {status}
          </p>
        </div>
      ) : null}
    </section>
  );
}
