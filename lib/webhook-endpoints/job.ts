import { inOrganization } from "../api-keys/commands/key-change";
import { db } from "../db/client";
import { webhookDisabledEmail } from "../email/messages";
import { keyAdminEmails } from "../email/recipients";
import { enqueue, sendOutboxMessages } from "../outbox/outbox";
import { sendDueWebhooks } from "../webhooks/dispatch";

/**
 * The `webhooks` job (GET /api/cron/webhooks, `npm run job -- webhooks`, and every run of
 * `maintenance`): sends the deliveries whose attempt is due — claimed with FOR UPDATE SKIP LOCKED
 * under a lease (lib/outbox), so two runs or instances at once never send one attempt twice —
 * then disables endpoints that have failed every attempt for FAILING_DAYS and emails the
 * organization's owners and admins about each.
 */
export const FAILING_DAYS = 5;
const DAY_MS = 86_400_000;

export interface WebhooksSummary {
  sent: number;
  /** Deliveries ended without sending: their endpoint was deleted, or a Retry had delivered them. */
  dropped: number;
  failed: number;
  gaveUp: number;
  disabledEndpoints: number;
  complete: boolean;
}

export async function runWebhooks(options: { budgetMs?: number; now?: () => Date } = {}): Promise<WebhooksSummary> {
  const sending = await sendDueWebhooks({ budgetMs: options.budgetMs, now: options.now });
  const disabled = await disableFailingEndpoints((options.now ?? (() => new Date()))());
  return {
    sent: sending.sent,
    dropped: sending.dropped,
    failed: sending.failed,
    gaveUp: sending.gaveUp,
    disabledEndpoints: disabled,
    complete: sending.complete,
  };
}

/** Disables each endpoint failing since before the cut-off, with its audit event and email. */
export async function disableFailingEndpoints(now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - FAILING_DAYS * DAY_MS);
  const failing = await db.webhookEndpoint.findMany({
    where: { disabledAt: null, failingSince: { lte: cutoff } },
    select: { id: true, organizationId: true },
    take: 100,
  });
  let disabled = 0;
  const emails: string[] = [];
  for (const candidate of failing) {
    const done = await inOrganization(
      { organizationId: candidate.organizationId, userId: null, system: "Webhooks" },
      async ({ tx, audit }) => {
        // Re-read under the lock: a success since the read clears failingSince.
        const endpoint = await tx.webhookEndpoint.findFirst({
          where: { id: candidate.id, disabledAt: null, failingSince: { lte: cutoff } },
          select: { id: true, url: true, failingSince: true, organization: { select: { name: true } } },
        });
        if (!endpoint?.failingSince) return false;
        await tx.webhookEndpoint.update({
          where: { id: endpoint.id },
          data: { disabledAt: now, disabledReason: "failing" },
        });
        await audit(null, {
          action: "webhook.endpoint_disabled",
          details: { endpointId: endpoint.id, url: endpoint.url, reason: "failing" },
        });
        const last = await tx.webhookDelivery.findFirst({
          where: { endpointId: endpoint.id, lastAttemptAt: { not: null } },
          orderBy: { lastAttemptAt: "desc" },
          select: { lastError: true },
        });
        const to = await keyAdminEmails(candidate.organizationId, tx);
        if (to.length > 0) {
          emails.push(
            await enqueue(tx, {
              kind: "email",
              payload: webhookDisabledEmail({
                to,
                organization: endpoint.organization.name,
                endpoint,
                failingSince: endpoint.failingSince,
                lastError: last?.lastError ?? null,
              }),
            }),
          );
        }
        return true;
      },
    );
    if (done) disabled++;
  }
  await sendOutboxMessages(emails);
  return disabled;
}
