import { type Actor, inOrganization } from "../api-keys/commands/key-change";
import { db } from "../db/client";
import { RETRY_POLICIES, sendOutboxMessages } from "../outbox/outbox";
import "../webhooks/deliver";
import { DELIVERY_TIMEOUT_MS } from "../webhooks/http";
import { findEndpoint, WebhookError } from "./endpoints";

/**
 * The two things an admin does that send now, on the endpoint's page: Send test event and
 * Retry. Each writes or reschedules a delivery by the recipe, then attempts it before
 * returning, so the page can say what the receiver answered.
 */

/** What an attempt made now did (Send test event, Retry): the page shows it at once. */
export interface AttemptResult {
  deliveryId: string;
  delivered: boolean;
  status: number | null;
  error: string | null;
}

const readAttempt = (deliveryId: string) =>
  db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { attempts: true, deliveredAt: true, lastStatus: true, lastError: true },
  });

async function attemptNow(deliveryId: string, attemptsBefore: number): Promise<AttemptResult> {
  await sendOutboxMessages([deliveryId]);
  // Another sender (a sweep, the job) may have claimed it first: wait for its attempt, which
  // ends within the delivery time limit.
  const deadline = Date.now() + DELIVERY_TIMEOUT_MS + 2_000;
  let row = await readAttempt(deliveryId);
  while (row && row.attempts <= attemptsBefore && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    row = await readAttempt(deliveryId);
  }
  return {
    deliveryId,
    delivered: Boolean(row?.deliveredAt),
    status: row?.lastStatus ?? null,
    error: row?.deliveredAt ? null : (row?.lastError ?? "not attempted yet: it will be sent shortly"),
  };
}

/** webhook.test to this endpoint, attempted before returning (at most the 10-second limit). */
export async function sendTestEvent(actor: Actor, endpointId: string): Promise<AttemptResult> {
  const [deliveryId] = await inOrganization(actor, async ({ tx, emit }) => {
    const endpoint = await findEndpoint(tx, actor.organizationId, endpointId);
    if (endpoint.disabledAt) throw new WebhookError("invalid_input", "Enable the endpoint to send it a test event.");
    return emit({
      type: "webhook.test",
      endpointId: endpoint.id,
      data: { message: "A test event from Glyphic: your endpoint receives and verifies events." },
    });
  });
  if (!deliveryId) throw new WebhookError("not_found", "This endpoint no longer exists. Reload the page.");
  return attemptNow(deliveryId, 0);
}

// A delivery that failed (given up, or waiting for its next attempt) is due now, with one more
// attempt allowed if it had used them all; one already being attempted (leased) is left alone.
const RETRY = `INSERT INTO "OutboxMessage" ("id", "kind", "payload", "createdAt", "availableAt", "attempts")
  VALUES ($1, 'webhook', jsonb_build_object('deliveryId', $1::text), $2::timestamp, $2::timestamp, $3 - 1)
  ON CONFLICT ("id") DO UPDATE SET "availableAt" = $2::timestamp, "failedAt" = NULL,
    "attempts" = LEAST("OutboxMessage"."attempts", $3 - 1)
  WHERE "OutboxMessage"."sentAt" IS NULL
    AND ("OutboxMessage"."lockedUntil" IS NULL OR "OutboxMessage"."lockedUntil" <= $2::timestamp)`;

/** Retry on a failed delivery: attempted before returning. */
export async function retryDelivery(actor: Actor, endpointId: string, deliveryId: string): Promise<AttemptResult> {
  const attemptsBefore = await inOrganization(actor, async ({ tx, now }) => {
    const endpoint = await findEndpoint(tx, actor.organizationId, endpointId);
    if (endpoint.disabledAt) throw new WebhookError("invalid_input", "Enable the endpoint to retry its deliveries.");
    const delivery = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, endpointId: endpoint.id },
      select: { deliveredAt: true, attempts: true },
    });
    if (!delivery) throw new WebhookError("not_found", "This delivery no longer exists. Reload the page.");
    if (delivery.deliveredAt) throw new WebhookError("invalid_input", "This event was delivered already.");
    await tx.$executeRawUnsafe(RETRY, deliveryId, now.toISOString(), RETRY_POLICIES.webhook.maxAttempts);
    await tx.webhookDelivery.update({ where: { id: deliveryId }, data: { failedAt: null } });
    return delivery.attempts;
  });
  return attemptNow(deliveryId, attemptsBefore);
}
