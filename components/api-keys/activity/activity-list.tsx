"use client";

import { DownloadIcon } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useReducer, useRef, useTransition } from "react";
import { buttonClass } from "@/components/ui/button";
import { Callout } from "@/components/ui/callout";
import { useNow } from "@/components/ui/timestamp";
import { loadActivityPageAction } from "@/lib/actions/load-activity-page";
import type { ActivityKeyOption, ActivityRow } from "@/lib/audit/activity";
import { ACTIVITY_CSV_PATH } from "@/lib/routes";
import { ActivityEvents, ShowMore } from "./activity-events";
import { ActivityFilter } from "./activity-filter";
import { activityReducer, initialActivityState } from "./activity-state";

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
 * its first page, so the list never mixes an old page with a newer first page. The transitions
 * are activityReducer's (activity-state.ts).
 */
export function ActivityList({ events, nextCursor, renderedAt, keys, filter }: ActivityListProps) {
  const now = useNow(renderedAt);
  const pathname = usePathname();
  const [filtering, startFiltering] = useTransition();
  const [loading, startLoading] = useTransition();
  const keyId = filter?.known ? filter.keyId : undefined;
  const [state, dispatch] = useReducer(activityReducer, { renderedAt, events, nextCursor }, initialActivityState);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (state.focusRow === null) return;
    listRef.current?.querySelectorAll<HTMLElement>("li")[state.focusRow]?.focus();
    dispatch({ type: "focused" });
  }, [state.focusRow]);
  // A new server render (filter changed, or a key action revalidated the page) starts the list
  // over from its first page. Reset in place rather than remounting, so focus stays on the key filter.
  if (state.renderedAt !== renderedAt) dispatch({ type: "rendered", renderedAt, events, nextCursor });

  const filteredKey = keyId ? keys.find((key) => key.id === keyId) : undefined;
  const exportHref = keyId ? `${ACTIVITY_CSV_PATH}?key=${encodeURIComponent(keyId)}` : ACTIVITY_CSV_PATH;

  function showMore() {
    const cursor = state.cursor;
    if (!cursor || loading) return;
    dispatch({ type: "loadStarted" });
    startLoading(async () => {
      const result = await loadActivityPageAction({ cursor, keyId });
      // Updates after an await are not part of the transition unless wrapped again: unwrapped, the
      // new rows would render while `loading` is still true, and a press in that gap is dropped.
      startLoading(() =>
        dispatch(
          result.ok
            ? { type: "pageLoaded", renderedAt, events: result.events, nextCursor: result.nextCursor }
            : { type: "pageFailed", renderedAt, error: result.fieldErrors?.cursor?.[0] ?? result.error },
        ),
      );
    });
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
      ) : state.events.length === 0 ? (
        <p className="rounded-xl border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-600">
          {filteredKey
            ? "No activity for this key yet."
            : "No activity yet. Creating, renaming, rolling and revoking keys is recorded here."}
        </p>
      ) : (
        <ActivityEvents
          events={state.events}
          now={now}
          label={filteredKey ? `Activity of ${filteredKey.name}` : "Activity"}
          busy={filtering || loading}
          dimmed={filtering}
          listRef={listRef}
        />
      )}

      <ShowMore
        more={Boolean(state.cursor)}
        loading={loading}
        error={state.error}
        status={state.status}
        onShowMore={showMore}
      />
    </section>
  );
}
