import { z } from "zod";
import { stripControlCharacters } from "../format/plain-text";
import { isWebhookEventType, WEBHOOK_EVENTS } from "../webhook-event-types";

/**
 * Activity sentences of webhook endpoints (lib/audit/describe.ts puts the actor in front). The
 * URL is the one stored when it happened; a long one is cut, so a line stays a line.
 */

/** Shown as the actor when the webhooks job disabled an endpoint that kept failing (no person acted). */
export const WEBHOOKS_ACTOR = "Webhooks";

const URL_SHOWN = 120;

const endpointDetails = z.object({ url: z.string() });
const addedDetails = z.object({ url: z.string(), events: z.array(z.string()) });
const disabledDetails = z.object({ url: z.string(), reason: z.enum(["manual", "failing"]) });

function shownUrl(url: string): string {
  const plain = stripControlCharacters(url);
  return plain.length > URL_SHOWN ? `${plain.slice(0, URL_SHOWN)}…` : plain;
}

/** "all events", "Key revoked and Key leaked", "Key created, Key revoked and 3 more events". */
export function eventsSummary(events: readonly string[]): string {
  if (events.length === 0) return "all events";
  const labels = events.map((type) =>
    isWebhookEventType(type) ? WEBHOOK_EVENTS[type].label : stripControlCharacters(type),
  );
  if (labels.length <= 3)
    return labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `${labels.slice(0, 2).join(", ")} and ${labels.length - 2} more events`;
}

export function isFailingDisable(event: { action?: string; details: unknown }): boolean {
  if (event.action !== "webhook.endpoint_disabled") return false;
  const details = disabledDetails.safeParse(event.details);
  return details.success && details.data.reason === "failing";
}

/** The sentence of a webhook.* event, or null when the action is not one. */
export function describeWebhookEvent(action: string, details: unknown): string | null {
  const endpoint = endpointDetails.safeParse(details);
  const url = endpoint.success ? ` ${shownUrl(endpoint.data.url)}` : "";
  switch (action) {
    case "webhook.endpoint_added": {
      const added = addedDetails.safeParse(details);
      if (!added.success) return `added webhook endpoint${url}`;
      return `added webhook endpoint${url}, sending ${eventsSummary(added.data.events)}`;
    }
    case "webhook.endpoint_deleted":
      return `deleted webhook endpoint${url}`;
    case "webhook.endpoint_enabled":
      return `enabled webhook endpoint${url}`;
    case "webhook.endpoint_disabled":
      return isFailingDisable({ action, details })
        ? `disabled webhook endpoint${url} (failing for 5 days)`
        : `disabled webhook endpoint${url}`;
    case "webhook.secret_rolled":
      return `rolled the signing secret of webhook endpoint${url}; the previous secret also signs for 24 hours`;
    default:
      return null;
  }
}
