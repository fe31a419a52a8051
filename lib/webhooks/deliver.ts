import { db } from "../db/client";
import { componentLogger } from "../log";
import { type Attempt, NOTHING_TO_SEND, PermanentFailure, registerSender } from "../outbox/outbox";
import type { Resolver } from "./addresses";
import { allowsLocalReceivers, encryptionKey } from "./config";
import { postSigned } from "./http";
import { open } from "./secret-box";
import { signedHeaders } from "./signing";

/**
 * The outbox's sender for kind "webhook": one attempt of one delivery. It signs the event's
 * stored body with the endpoint's secret (and, during a roll's overlap, the previous one),
 * POSTs it, and records the attempt on the delivery and the endpoint in one statement. A
 * failure throws, so the outbox schedules the next attempt (or gives up after the last).
 */

interface Target {
  eventId: string;
  body: string;
  deliveredAt: Date | null;
  endpointId: string;
  url: string;
  secretCiphertext: string;
  previousSecretCiphertext: string | null;
  previousSecretExpiresAt: Date | null;
  disabledAt: Date | null;
}

const TARGET = `SELECT d."eventId", ev."body", d."deliveredAt", e."id" AS "endpointId", e."url", e."secretCiphertext",
    e."previousSecretCiphertext", e."previousSecretExpiresAt", e."disabledAt"
  FROM "WebhookDelivery" d
  JOIN "WebhookEvent" ev ON ev."id" = d."eventId"
  JOIN "WebhookEndpoint" e ON e."id" = d."endpointId"
  WHERE d."id" = $1`;

// The attempt on the delivery, and on the endpoint whether it is failing (for the 5-day rule).
const RECORD = `WITH "delivery" AS (
    UPDATE "WebhookDelivery" SET "attempts" = "attempts" + 1, "lastAttemptAt" = $2::timestamp,
      "lastStatus" = $3, "lastDurationMs" = $4, "lastError" = $5,
      "deliveredAt" = CASE WHEN $6 THEN $2::timestamp ELSE "deliveredAt" END,
      "failedAt" = CASE WHEN $7 THEN $2::timestamp ELSE NULL END
    WHERE "id" = $1 RETURNING "endpointId")
  UPDATE "WebhookEndpoint" SET
    "failingSince" = CASE WHEN $6 THEN NULL ELSE COALESCE("failingSince", $2::timestamp) END,
    "lastSuccessAt" = CASE WHEN $6 THEN $2::timestamp ELSE "lastSuccessAt" END
  WHERE "id" = (SELECT "endpointId" FROM "delivery")`;

export interface NetworkPolicy {
  allowLocal: boolean;
  resolve?: Resolver;
}

let networkOverride: NetworkPolicy | null = null;

/** Tests: deliver as production would (no local receivers), or with a stand-in resolver. */
export function overrideDeliveryNetwork(policy: NetworkPolicy | null): void {
  networkOverride = policy;
}

interface Outcome {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
}

async function record(deliveryId: string, attempt: Attempt, at: Date, outcome: Outcome): Promise<void> {
  await db.$executeRawUnsafe(
    RECORD,
    deliveryId,
    at.toISOString(),
    outcome.status,
    outcome.durationMs,
    outcome.error,
    outcome.ok,
    !outcome.ok && attempt.lastAttempt,
  );
}

export async function deliverWebhook(
  payload: { deliveryId: string },
  attempt: Attempt,
): Promise<undefined | typeof NOTHING_TO_SEND> {
  const [target] = await db.$queryRawUnsafe<Target[]>(TARGET, payload.deliveryId);
  // The endpoint was deleted (its deliveries with it), or a Retry already delivered this one.
  if (!target || target.deliveredAt) return NOTHING_TO_SEND;
  const at = new Date();
  if (target.disabledAt) {
    await record(payload.deliveryId, { ...attempt, lastAttempt: true }, at, {
      ok: false,
      status: null,
      durationMs: 0,
      error: "not sent: the endpoint is disabled",
    });
    throw new PermanentFailure("the endpoint is disabled");
  }
  let secrets: string[];
  try {
    const key = encryptionKey();
    secrets = [open(key, target.secretCiphertext, target.endpointId)];
    if (target.previousSecretCiphertext && target.previousSecretExpiresAt && target.previousSecretExpiresAt > at) {
      // The overlap's old secret is a courtesy: one that no longer opens (sealed under an
      // encryption key since replaced) is left out rather than failing the delivery.
      try {
        secrets.push(open(key, target.previousSecretCiphertext, target.endpointId));
      } catch {
        componentLogger("webhooks").warn(
          { endpointId: target.endpointId },
          "the previous signing secret cannot be decrypted; signing with the current one only",
        );
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : "the signing secret cannot be read";
    await record(payload.deliveryId, attempt, at, { ok: false, status: null, durationMs: 0, error: reason });
    throw new Error(reason);
  }
  const network = networkOverride ?? { allowLocal: allowsLocalReceivers() };
  const outcome = await postSigned(
    target.url,
    { ...signedHeaders(target.eventId, target.body, secrets, at) },
    target.body,
    network,
  );
  await record(payload.deliveryId, attempt, at, outcome);
  if (!outcome.ok) throw new Error(`webhook not delivered: ${outcome.error ?? `HTTP ${outcome.status}`}`);
}

registerSender("webhook", deliverWebhook);
