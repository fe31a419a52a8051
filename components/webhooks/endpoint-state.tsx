"use client";

import { cn } from "@/components/ui/cn";
import { useHydrated } from "@/components/ui/timestamp";
import { formatExactTime } from "@/lib/format/dates";
import type { WebhookEndpointSummary } from "@/lib/webhook-endpoints/views";
import { isWebhookEventType, WEBHOOK_EVENTS } from "@/lib/webhook-event-types";

/** An event type as the form lists it (from the server: lib/webhook-endpoints/endpoints.ts SUBSCRIBABLE_EVENTS). */
export interface EventChoice {
  type: string;
  label: string;
  description: string;
}

export const eventLabel = (type: string) => (isWebhookEventType(type) ? WEBHOOK_EVENTS[type].label : type);

/** A URL for a sentence: a long one keeps its start and end ("https://hooks.example.com/in…?source=glyphic"). */
export function shortUrl(url: string, max = 80): string {
  return url.length <= max ? url : `${url.slice(0, max - 25)}…${url.slice(-24)}`;
}

/** "All events", "Key revoked, Key leaked", "4 events". */
export function eventsSummary(events: readonly string[]): string {
  if (events.length === 0) return "All events";
  if (events.length <= 2) return events.map(eventLabel).join(", ");
  return `${events.length} events`;
}

/** The summary, and for a longer list the labels below it, so nothing is hidden behind a count. */
export function EventsCell({ events }: { events: readonly string[] }) {
  return (
    <>
      <span className="text-slate-900">{eventsSummary(events)}</span>
      {events.length > 2 ? (
        <span className="mt-0.5 block text-xs leading-snug text-slate-500">{events.map(eventLabel).join(", ")}</span>
      ) : null}
    </>
  );
}

const timeFormat = (timeZone: string | undefined, seconds: boolean) =>
  new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: seconds ? "2-digit" : undefined,
    hourCycle: "h23",
    timeZone,
    timeZoneName: timeZone ? "short" : undefined,
  });

/** "Dec 2, 10:04" in the viewer's zone (UTC until hydrated), the exact time in its title. */
export function ShortTime({ iso, seconds = false }: { iso: string; seconds?: boolean }) {
  const hydrated = useHydrated();
  const timeZone = hydrated ? undefined : "UTC";
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={formatExactTime(date, timeZone)} className="whitespace-nowrap">
      {timeFormat(timeZone, seconds).format(date)}
    </time>
  );
}

const BADGE = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";
const TONES = {
  enabled: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failing: "bg-amber-50 text-amber-900 ring-amber-200",
  disabled: "bg-slate-100 text-slate-700 ring-slate-200",
} as const;

/** Enabled · Failing since Dec 2, 10:04 · Disabled (by an admin / after 5 days of failures). */
export function EndpointStateBadge({
  endpoint,
  detailed = true,
}: {
  endpoint: Pick<WebhookEndpointSummary, "state" | "failingSince" | "disabledReason">;
  /** Also the line under the badge (why it is disabled). */
  detailed?: boolean;
}) {
  const { state } = endpoint;
  return (
    <span data-testid="endpoint-state" data-state={state} className="inline-flex flex-col items-start gap-0.5">
      <span className={cn(BADGE, TONES[state])}>
        {state === "enabled" ? "Enabled" : null}
        {state === "failing" && endpoint.failingSince ? (
          <>
            Failing since <ShortTime iso={endpoint.failingSince} />
          </>
        ) : null}
        {state === "disabled" ? "Disabled" : null}
      </span>
      {detailed && state === "disabled" ? (
        <span className="text-xs text-slate-500">
          {endpoint.disabledReason === "failing" ? "after 5 days of failures" : "by an admin"}
        </span>
      ) : null}
    </span>
  );
}
