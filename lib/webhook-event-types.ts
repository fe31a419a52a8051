/**
 * The events an endpoint can receive, in the order the Add endpoint form lists them. Each is
 * documented once here: the form, the endpoint page and the OpenAPI document's `webhooks` read
 * this table.
 */
export const WEBHOOK_EVENT_TYPES = [
  "key.created",
  "key.updated",
  "key.rolled",
  "key.revoked",
  "key.leaked",
  "key.expiring",
  "key.still_tried",
  "key.new_network",
  "policy.updated",
  "webhook.test",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_EVENTS: Record<WebhookEventType, { label: string; description: string }> = {
  "key.created": { label: "Key created", description: "A key was created (in Settings → API or through the API)." },
  "key.updated": {
    label: "Key updated",
    description: "A key's name, expiry, permissions or allowed addresses changed; `data.changes` names what changed.",
  },
  "key.rolled": {
    label: "Key rolled",
    description:
      "A key was rolled: `data.key` is the old key (now in its grace period), `data.replacement` the new one.",
  },
  "key.revoked": {
    label: "Key revoked",
    description: "A key was revoked, by a person, an API key or secret scanning.",
  },
  "key.leaked": {
    label: "Key leaked",
    description: "A key was found in public (secret scanning) and revoked; `data.leak` says where.",
  },
  "key.expiring": {
    label: "Key expiring",
    description: "A key expires in 7 days or in 1 day (`data.expiresInDays`), once each.",
  },
  "key.still_tried": {
    label: "Stopped key still tried",
    description: "Requests still came in for a revoked or expired key (at most once per key per day).",
  },
  "key.new_network": {
    label: "Key used from a new network",
    description:
      "A key was used from a network it had not been used from (`data.network`), once per key and network per day.",
  },
  "policy.updated": {
    label: "Key policies changed",
    description: "An owner changed the organization's key policies; `data.changes` lists the changes. No `data.key`.",
  },
  "webhook.test": { label: "Test event", description: "Sent by Send test event on the endpoint's page." },
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value);
}
