import { webhookEventsFor } from "../api-keys/commands/reported-events";
import type { AuditEventInput } from "../audit/events";
import type { WebhookEventType } from "../webhook-event-types";
import { eventBody, type WebhookActorInput, type WebhookEventInput } from "../webhooks/events";
import { WEBHOOK_BODY_SCHEMAS } from "./webhook-schemas";

/**
 * One example body per event type for the OpenAPI document and /docs/api, made by the code that
 * makes real bodies (eventBody, and webhookEventsFor for changes reported from the audit log) and
 * parsed with the documented schema, so an example cannot show a field that is not sent.
 */
type Context = Parameters<typeof eventBody>[1];

const NOW = new Date("2026-12-01T14:05:09.000Z");
const ORGANIZATION_ID = "cm3k9w0aa0000qz8hb1c2d3e4";
const member: WebhookActorInput = { type: "user", userId: "cm3k9w5uu0002qz8h1a2b3c4d" };

const context: Context = {
  slug: "acme",
  listening: true,
  actorName: "Avery Admin",
  keyId: "cm3k9w7zz0003qz8h9y8x7w6v",
  name: "Deploy bot",
  prefix: "glyk_AbC1",
  permissions: ["calls:read", "keys:read"],
  expiresAt: new Date("2027-03-01T00:00:00.000Z"),
  revokedAt: null,
  replacedById: null,
  allowedAddresses: ["203.0.113.0/24"],
  createdAt: new Date("2026-09-01T10:00:00.000Z"),
};

/** What the audit log says of a change, reported as the key-change recipe reports it. */
const fromAudit = (event: AuditEventInput, index = 0) => webhookEventsFor(event)[index].data;

const system = (name: string): WebhookActorInput => ({ type: "system", name });

const EXAMPLES: Record<
  WebhookEventType,
  { data?: Record<string, unknown>; actor?: WebhookActorInput; context?: Partial<Context> }
> = {
  "key.created": {},
  "key.updated": {
    data: fromAudit({
      action: "api_key.permissions_changed",
      details: { permissions: ["calls:read", "keys:read"], previousPermissions: ["calls:read"], label: "Custom" },
    }),
  },
  "key.rolled": {
    data: fromAudit({
      action: "api_key.rolled",
      details: {
        replacementId: "cm3k9x4qq0007qz8h5t6u7v8w",
        replacementPrefix: "glyk_DeF2",
        graceSeconds: 86_400,
        oldExpiresAt: "2027-03-01T00:00:00.000Z",
        allowedAddresses: ["203.0.113.0/24"],
        lifetimeDays: null,
        endedGracePrefix: null,
      },
    }),
    actor: { type: "api_key", id: "cm3k9w9yy0004qz8h2k3l4m5n", name: "CI rotation", prefix: "glyk_XyZ9" },
    context: { replacedById: "cm3k9x4qq0007qz8h5t6u7v8w", expiresAt: new Date("2026-12-02T14:05:09.000Z") },
  },
  "key.revoked": { context: { revokedAt: NOW } },
  "key.leaked": {
    data: fromAudit(
      {
        action: "api_key.revoked",
        details: {
          actor: "secret_scanning",
          reporter: "github",
          tokenType: "glyphic_api_key",
          url: "https://github.com/acme/deploy/blob/3f2a1c0/config.yml",
          source: "commit",
        },
      },
      1,
    ),
    actor: system("Secret scanning"),
    context: { revokedAt: NOW },
  },
  "key.expiring": {
    data: { expiresInDays: 7, reason: "expiry" },
    actor: system("Expiry reminders"),
    context: { expiresAt: new Date("2026-12-08T14:00:00.000Z") },
  },
  "key.still_tried": {
    data: { attempts: 14, lastTriedAt: "2026-12-01T14:04:51.310Z" },
    actor: system("Request log"),
    context: { revokedAt: new Date("2026-11-28T09:30:00.000Z") },
  },
  "key.new_network": {
    data: {
      network: "198.51.100.0/24",
      address: "198.51.100.23",
      userAgent: "python-requests/2.32.3",
      firstRequestAt: "2026-12-01T14:04:58.024Z",
    },
    actor: system("New-network alerts"),
  },
  "policy.updated": {
    data: fromAudit({
      action: "organization.policies_changed",
      details: { changes: ["Maximum key lifetime: 90 days"] },
    }),
    context: { actorName: "Olive Owner" },
  },
  "webhook.test": {
    data: { message: "A test event from Glyphic: your endpoint receives and verifies events." },
  },
};

/** The example body of `type`, parsed (an example that breaks its schema throws here). */
export function webhookExample(type: WebhookEventType) {
  const example = EXAMPLES[type];
  const withoutKey = type === "policy.updated" || type === "webhook.test";
  const input: WebhookEventInput = {
    organizationId: ORGANIZATION_ID,
    type,
    keyId: withoutKey ? null : context.keyId,
    actor: example.actor ?? member,
    data: example.data,
    now: NOW,
  };
  const body = eventBody(input, { ...context, ...example.context, ...(withoutKey ? { keyId: null } : {}) });
  return WEBHOOK_BODY_SCHEMAS[type].parse(JSON.parse(body));
}
