import { z } from "zod";
import { WEBHOOK_RETRY_DELAYS_MS } from "../outbox/outbox";
import { ROLL_OVERLAP_MS } from "../webhook-endpoints/endpoints";
import { FAILING_DAYS } from "../webhook-endpoints/job";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, type WebhookEventType } from "../webhook-event-types";
import { WEBHOOK_DAYS } from "../webhooks/events";
import { DELIVERY_TIMEOUT_MS } from "../webhooks/http";
import type { JsonSchema } from "./openapi-paths";
import { webhookExample } from "./webhook-examples";
import { webhookSchemaId, webhookSchemaRegistry } from "./webhook-schemas";

/**
 * The OpenAPI document's `webhooks` (OpenAPI 3.1): one POST per event type, whose body schema is
 * generated from lib/api/webhook-schemas.ts and whose example is made by the code that makes real
 * bodies. The delivery terms below are read from the code that applies them, for the document,
 * /docs/api and the tests alike.
 */

function duration(ms: number): string {
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  return `${ms / 3_600_000} h`;
}

export const WEBHOOK_DELIVERY = {
  /** Waits before each retry: "5 s", "1 min", … */
  retryDelays: WEBHOOK_RETRY_DELAYS_MS.map(duration),
  attempts: WEBHOOK_RETRY_DELAYS_MS.length + 1,
  timeoutSeconds: DELIVERY_TIMEOUT_MS / 1000,
  failingDays: FAILING_DAYS,
  rollOverlapHours: ROLL_OVERLAP_MS / 3_600_000,
  keptDays: WEBHOOK_DAYS,
} as const;

export const WEBHOOK_HEADERS = {
  "webhook-id":
    "The event's id (`msg_…`): the same in every attempt, so deduplicate on it (an event may arrive more than once).",
  "webhook-timestamp":
    "When this attempt was signed, in unix seconds. Refuse a timestamp far from your clock (standardwebhooks " +
    "allows 5 minutes) so that a recorded request cannot be replayed.",
  "webhook-signature":
    "`v1,` + base64 of HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<raw body>` with the endpoint's secret " +
    `(base64 after \`whsec_\`). Space-separated, one per secret: for ${ROLL_OVERLAP_MS / 3_600_000} h after the ` +
    "secret is rolled, the new one's and the old one's. Valid if any matches.",
} as const;

const headerExamples: Record<keyof typeof WEBHOOK_HEADERS, string> = {
  "webhook-id": "msg_2KWPBgLlAfxdpx2AI54pPJ",
  "webhook-timestamp": "1796133909",
  "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
};

const retries = () => WEBHOOK_DELIVERY.retryDelays.join(", ");

/** Component schemas (the event bodies and their shared parts) and the three header parameters. */
export function webhookComponents(): { schemas: Record<string, JsonSchema>; parameters: Record<string, JsonSchema> } {
  const uri = (id: string) => `#/components/schemas/${id}`;
  // Input mode: a body is what the receiver takes in, and fields may be added to it later.
  const generated = z.toJSONSchema(webhookSchemaRegistry, { target: "draft-2020-12", uri, io: "input" }).schemas;
  const schemas = Object.fromEntries(
    Object.entries(generated).map(([name, { $schema: _dialect, $id: _id, ...schema }]) => [name, schema]),
  );
  const parameters = Object.fromEntries(
    Object.entries(WEBHOOK_HEADERS).map(([name, description]) => [
      parameterName(name),
      {
        name,
        in: "header",
        required: true,
        description,
        schema: { type: "string" },
        example: headerExamples[name as keyof typeof WEBHOOK_HEADERS],
      },
    ]),
  );
  return { schemas, parameters };
}

/** webhook-signature → WebhookSignature */
function parameterName(header: string): string {
  return header
    .split("-")
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");
}

/** key.still_tried → keyStillTriedWebhook */
function operationId(type: WebhookEventType): string {
  const name = webhookSchemaId(type).replace(/Event$/, "Webhook");
  return name[0].toLowerCase() + name.slice(1);
}

/** The document's `webhooks`: each event type, POSTed to the endpoints that take it. */
export function webhookEntries(): JsonSchema {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => [
      type,
      {
        post: {
          operationId: operationId(type),
          summary: WEBHOOK_EVENTS[type].label,
          description:
            `${WEBHOOK_EVENTS[type].description} Sent as a signed POST (Standard Webhooks) to each enabled endpoint ` +
            "that takes this event; endpoints are added in Settings → API → Webhooks.",
          security: [],
          parameters: Object.keys(WEBHOOK_HEADERS).map((name) => ({
            $ref: `#/components/parameters/${parameterName(name)}`,
          })),
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: { $ref: `#/components/schemas/${webhookSchemaId(type)}` },
                example: webhookExample(type),
              },
            },
          },
          responses: {
            "2XX": {
              description: `Received. Any 2xx within ${WEBHOOK_DELIVERY.timeoutSeconds} s is success; the response body is ignored.`,
            },
            default: {
              description:
                `Anything else — another status, a redirect (not followed), no answer within ${WEBHOOK_DELIVERY.timeoutSeconds} s — ` +
                `is a failure: the event is sent again after ${retries()} (${WEBHOOK_DELIVERY.attempts} attempts), ` +
                `and an endpoint whose every attempt failed for ${WEBHOOK_DELIVERY.failingDays} days is disabled.`,
            },
          },
        },
      },
    ]),
  );
}
