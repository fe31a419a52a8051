import { randomBytes } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { keyStatus } from "../key-status";
import type { WebhookEventType } from "../webhook-event-types";

/**
 * Writing an event (docs/architecture.md, "Webhooks"): in the transaction of the change it
 * reports, one WebhookEvent row (the body exactly as it will be signed) and, for every enabled
 * endpoint of the organization that takes its type, a WebhookDelivery and an OutboxMessage of
 * the same id — so the change and its report commit together or not at all, and the outbox
 * schedules the attempts. An organization with no endpoint pays one short read.
 */

/**
 * Days an event and its deliveries are kept (the retention job deletes older ones): far longer
 * than its last retry (about 45 hours), so the endpoint's page shows what happened.
 */
export const WEBHOOK_DAYS = 30;

/** Who made the change, as the body names them: a member, an API key, or the system itself. */
export type WebhookActorInput =
  | { type: "user"; userId: string }
  | { type: "api_key"; id: string; name: string; prefix: string }
  | { type: "system"; name: string };

export interface WebhookEventInput {
  organizationId: string;
  type: WebhookEventType;
  /** The key the event is about; its fields are read in this transaction, after the change. */
  keyId?: string | null;
  actor: WebhookActorInput;
  /** More of `data` (changes, replacement, leak, network…). Never a key, a hash or a secret. */
  data?: Record<string, unknown>;
  /** Events a detector may produce twice (a reminder, a new network) are written once per key. */
  dedupeKey?: string;
  /** Only this endpoint (Send test event); otherwise every enabled endpoint that takes the type. */
  endpointId?: string;
  now: Date;
}

type Writer = Pick<Prisma.TransactionClient, "$queryRaw">;

interface Context {
  slug: string;
  listening: boolean;
  actorName: string | null;
  keyId: string | null;
  name: string | null;
  prefix: string | null;
  permissions: string[] | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  replacedById: string | null;
  allowedAddresses: string[] | null;
  createdAt: Date | null;
}

/** The id receivers deduplicate on (the webhook-id header): "msg_" and 128 random bits. */
export function newEventId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function actorOf(actor: WebhookActorInput, userName: string | null) {
  if (actor.type === "user") return { type: "user", id: actor.userId, name: userName ?? "Unknown" };
  if (actor.type === "api_key") return { type: "api_key", id: actor.id, name: actor.name, prefix: actor.prefix };
  return { type: "system", name: actor.name };
}

/** The body of an event: `{ type, timestamp, data: { organization, key?, actor, … } }`. */
export function eventBody(input: WebhookEventInput, context: Context): string {
  const key =
    context.keyId === null
      ? undefined
      : {
          id: context.keyId,
          name: context.name,
          prefix: context.prefix,
          status: context.revokedAt
            ? "revoked"
            : keyStatus({ expiresAt: context.expiresAt, replacedById: context.replacedById }, input.now),
          permissions: context.permissions ?? [],
          allowedAddresses: context.allowedAddresses ?? [],
          createdAt: iso(context.createdAt),
          expiresAt: iso(context.expiresAt),
          revokedAt: iso(context.revokedAt),
        };
  return JSON.stringify({
    type: input.type,
    timestamp: input.now.toISOString(),
    data: {
      organization: { id: input.organizationId, slug: context.slug },
      ...(key ? { key } : {}),
      actor: actorOf(input.actor, context.actorName),
      ...input.data,
    },
  });
}

/**
 * Writes the event and its deliveries in `tx` and returns the delivery ids (to send right after
 * the commit: lib/webhooks/dispatch.ts). Empty when no endpoint takes the event, or when an
 * event with the same dedupeKey was already written.
 */
export async function writeWebhookEvent(tx: Writer, input: WebhookEventInput): Promise<string[]> {
  const userId = input.actor.type === "user" ? input.actor.userId : null;
  const keyId = input.keyId ?? null;
  const endpointId = input.endpointId ?? null;
  const [context] = await tx.$queryRaw<Context[]>`
    SELECT o."slug",
      EXISTS (SELECT 1 FROM "WebhookEndpoint" e
        WHERE e."organizationId" = o."id" AND e."disabledAt" IS NULL
          AND (${endpointId}::text IS NULL OR e."id" = ${endpointId}::text)
          AND (${endpointId}::text IS NOT NULL OR cardinality(e."events") = 0 OR ${input.type} = ANY(e."events"))
      ) AS "listening",
      (SELECT u."name" FROM "User" u WHERE u."id" = ${userId}::text) AS "actorName",
      k."id" AS "keyId", k."name", k."prefix", k."permissions", k."expiresAt", k."revokedAt",
      k."replacedById", k."allowedAddresses", k."createdAt"
    FROM "Organization" o
    LEFT JOIN "ApiKey" k ON k."id" = ${keyId}::text AND k."organizationId" = o."id"
    WHERE o."id" = ${input.organizationId}`;
  if (!context?.listening) return [];
  const now = input.now.toISOString();
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH "event" AS (
      INSERT INTO "WebhookEvent" ("id", "organizationId", "type", "body", "dedupeKey", "createdAt")
      VALUES (${newEventId()}, ${input.organizationId}, ${input.type}, ${eventBody(input, context)},
        ${input.dedupeKey ?? null}::text, ${now}::timestamp)
      ON CONFLICT ("dedupeKey") DO NOTHING
      RETURNING "id"
    ), "targets" AS (
      SELECT 'whd_' || replace(gen_random_uuid()::text, '-', '') AS "id", ev."id" AS "eventId", e."id" AS "endpointId"
      FROM "event" ev
      JOIN "WebhookEndpoint" e ON e."organizationId" = ${input.organizationId} AND e."disabledAt" IS NULL
        AND (${endpointId}::text IS NULL OR e."id" = ${endpointId}::text)
        AND (${endpointId}::text IS NOT NULL OR cardinality(e."events") = 0 OR ${input.type} = ANY(e."events"))
    ), "deliveries" AS (
      INSERT INTO "WebhookDelivery" ("id", "eventId", "endpointId", "createdAt")
      SELECT "id", "eventId", "endpointId", ${now}::timestamp FROM "targets"
      RETURNING "id"
    )
    INSERT INTO "OutboxMessage" ("id", "kind", "payload", "createdAt", "availableAt")
    SELECT "id", 'webhook', jsonb_build_object('deliveryId', "id"), ${now}::timestamp, ${now}::timestamp
    FROM "deliveries"
    RETURNING "id"`;
  return rows.map((row) => row.id);
}
