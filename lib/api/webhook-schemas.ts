import { z } from "zod";
import { PERMISSIONS } from "../api-keys/permissions";
import { KEY_STATUSES } from "../api-keys/views/key-list";
import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS, type WebhookEventType } from "../webhook-event-types";

/**
 * The body of every event, as lib/webhooks/events.ts writes it (eventBody) and the emitters fill
 * `data` (lib/api-keys/commands/reported-events.ts, the detectors in lib/jobs and lib/requests, Send test
 * event). The OpenAPI document's `webhooks` is generated from these (lib/api/openapi-webhooks.ts),
 * and tests parse real bodies with them, so the documentation cannot drift from what is sent:
 * parsing strips what is not declared, and the tests compare the result with the body.
 */

const instant = (description: string) => z.iso.datetime().meta({ description });

export const webhookOrganizationSchema = z
  .object({
    id: z.string(),
    slug: z.string().meta({ example: "acme" }),
  })
  .meta({ description: "The organization the event is about." });

export const webhookKeySchema = z
  .object({
    id: z.string(),
    name: z.string().meta({ example: "Deploy bot" }),
    prefix: z
      .string()
      .meta({ description: "The key's first characters, as Settings → API shows them.", example: "glyk_AbC1" }),
    status: z.enum(KEY_STATUSES).meta({ description: "After the change; `rolling`: rolled, in its grace period." }),
    permissions: z.array(z.enum(PERMISSIONS)).meta({ description: "What the key may do.", example: ["calls:read"] }),
    allowedAddresses: z
      .array(z.string())
      .meta({ description: "Addresses and CIDR ranges it may be used from; empty → any." }),
    createdAt: z.iso.datetime(),
    expiresAt: z.iso
      .datetime()
      .nullable()
      .meta({ description: "When it stops working (a rolled key: the end of its grace period); null → never." }),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ description: "The key the event is about, as the change left it. Never its secret or hash." });

export const webhookActorSchema = z
  .discriminatedUnion("type", [
    z.object({
      type: z.literal("user"),
      id: z.string().meta({ description: "The member's user id." }),
      name: z.string().meta({ example: "Avery Admin" }),
    }),
    z.object({
      type: z.literal("api_key"),
      id: z.string().meta({ description: "The id of the key that made the change through the API." }),
      name: z.string().meta({ example: "CI rotation" }),
      prefix: z.string().meta({ example: "glyk_XyZ9" }),
    }),
    z.object({
      type: z.literal("system"),
      name: z.string().meta({
        description:
          "The part of Glyphic that acted: Secret scanning, Key policies, Expiry reminders, Request log or New-network alerts.",
        example: "Secret scanning",
      }),
    }),
  ])
  .meta({
    description:
      "Who made the change: a member (`user`), a key through the management API (`api_key`), or Glyphic itself (`system`).",
  });

const KEY_CHANGES = ["name", "expiresAt", "permissions", "allowedAddresses"] as const;

/** Each event's own fields, besides organization, key and actor. */
const EVENT_FIELDS = {
  "key.created": {},
  "key.updated": {
    changes: z
      .array(z.enum(KEY_CHANGES))
      .min(1)
      .meta({ description: "What changed. One request that changes several things sends one event listing them." }),
    previousName: z.string().optional().meta({ description: "With `name` in changes: the name before." }),
    previousPermissions: z
      .array(z.enum(PERMISSIONS))
      .optional()
      .meta({ description: "With `permissions` in changes: the permissions before." }),
    previousAllowedAddresses: z
      .array(z.string())
      .optional()
      .meta({ description: "With `allowedAddresses` in changes: the addresses before." }),
    reason: z
      .enum(["replacement_rolled", "expired_by_policy_unused", "expired_by_policy_policy"])
      .optional()
      .meta({
        description:
          "Set when nobody chose the new expiry: `replacement_rolled` — the key's grace period ended because its " +
          "replacement was rolled; `expired_by_policy_unused` / `expired_by_policy_policy` — the key policies expired " +
          "it (unused too long / still breaking a policy on its enforcement date).",
      }),
  },
  "key.rolled": {
    replacement: z
      .object({ id: z.string(), prefix: z.string().meta({ example: "glyk_DeF2" }) })
      .meta({ description: "The new key, which took the name (its secret is never sent)." }),
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .meta({ description: "How long the old key (`data.key`) keeps working; 0: it stopped at once." }),
  },
  "key.revoked": {
    reason: z
      .literal("leaked")
      .optional()
      .meta({ description: "`leaked`: revoked by secret scanning (a key.leaked event follows)." }),
  },
  "key.leaked": {
    leak: z
      .object({
        reporter: z.string().meta({ description: "Who found it.", example: "github" }),
        tokenType: z.string().meta({ description: "The token type the reporter matched." }),
        url: z.string().nullable().meta({ description: "Where it was found, as the reporter sent it." }),
        source: z.string().nullable().meta({ description: "What kind of place, e.g. content, commit, npm." }),
      })
      .meta({ description: "Where the key was found. Never the key." }),
  },
  "key.expiring": {
    expiresInDays: z.literal([7, 1]).meta({ description: "7 for the first reminder, 1 for the last." }),
    reason: z.enum(["expiry", "policy", "unused"]).meta({
      description:
        "`expiry`: the key's own expiry (`data.key.expiresAt`); `policy` / `unused`: the key policies will expire " +
        "it at `data.expiresAt` (still breaking a policy / unused too long).",
    }),
    expiresAt: instant("With reason policy or unused: when the key policies will expire the key.").optional(),
  },
  "key.still_tried": {
    attempts: z.number().int().min(1).meta({ description: "Requests with the stopped key in the batch reported." }),
    lastTriedAt: instant("The latest of those requests."),
  },
  "key.new_network": {
    network: z
      .string()
      .meta({ description: "The network, as CIDR: an IPv4 /24 or an IPv6 /48.", example: "203.0.113.0/24" }),
    address: z.string().meta({ description: "The first request's client address.", example: "203.0.113.9" }),
    userAgent: z.string().nullable().meta({ description: "The first request's user agent (truncated)." }),
    firstRequestAt: instant("When the first request from this network came in."),
  },
  "policy.updated": {
    changes: z
      .array(z.string())
      .min(1)
      .meta({
        description: "Each change, in the words Activity shows.",
        example: ["Maximum key lifetime: 90 days"],
      }),
  },
  "webhook.test": {
    message: z.string(),
  },
} satisfies Record<WebhookEventType, z.ZodRawShape>;

/** Events about the organization rather than one key have no `data.key`. */
export const EVENTS_WITHOUT_KEY: readonly WebhookEventType[] = ["policy.updated", "webhook.test"];

function bodySchema<Type extends WebhookEventType>(type: Type) {
  const key = EVENTS_WITHOUT_KEY.includes(type) ? {} : { key: webhookKeySchema };
  return z
    .object({
      type: z.literal(type),
      timestamp: instant("When the change happened: the same in every attempt (webhook-timestamp is the attempt's)."),
      data: z.object({
        organization: webhookOrganizationSchema,
        ...key,
        actor: webhookActorSchema,
        ...EVENT_FIELDS[type],
      }),
    })
    .meta({ description: WEBHOOK_EVENTS[type].description });
}

export const WEBHOOK_BODY_SCHEMAS = Object.fromEntries(WEBHOOK_EVENT_TYPES.map((type) => [type, bodySchema(type)])) as {
  [Type in WebhookEventType]: ReturnType<typeof bodySchema<Type>>;
};

/** Any event body, by its `type`. */
export const webhookBodySchema = z.discriminatedUnion(
  "type",
  WEBHOOK_EVENT_TYPES.map((type) => WEBHOOK_BODY_SCHEMAS[type]) as unknown as [
    ReturnType<typeof bodySchema>,
    ...ReturnType<typeof bodySchema>[],
  ],
);

/** The component name of an event's schema: key.still_tried → KeyStillTriedEvent. */
export function webhookSchemaId(type: WebhookEventType): string {
  const words = type.split(/[._]/).map((word) => word[0].toUpperCase() + word.slice(1));
  return `${words.join("")}Event`;
}

/** The schemas the OpenAPI document lists under components, shared parts by their own names. */
export const webhookSchemaRegistry = z.registry<{ id: string }>();
webhookOrganizationSchema.register(webhookSchemaRegistry, { id: "WebhookOrganization" });
webhookKeySchema.register(webhookSchemaRegistry, { id: "WebhookKey" });
webhookActorSchema.register(webhookSchemaRegistry, { id: "WebhookActor" });
for (const type of WEBHOOK_EVENT_TYPES) {
  (WEBHOOK_BODY_SCHEMAS[type] as z.ZodType).register(webhookSchemaRegistry, { id: webhookSchemaId(type) });
}
