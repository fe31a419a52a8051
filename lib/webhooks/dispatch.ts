import { after } from "next/server";
import { componentLogger, errorReason } from "../log";
import { type SendSummary, sendDue, sendOutboxMessages } from "../outbox/outbox";
import "./deliver";

/**
 * When webhook attempts go out. The first attempt of a new event: right after the response of
 * the request that made the change (`after()`), so the admin's click or the API call never waits
 * on a receiver. Retries that fall due: the `webhooks` job (lib/webhook-endpoints/job.ts) and,
 * opportunistically, after the response of the same kinds of requests — Settings → API and key
 * changes, never the keyed /api/v1 hot path — at most once per SWEEP_EVERY_MS per instance and
 * for at most SWEEP_LIMIT deliveries, so a deployment whose scheduler runs daily still retries.
 */
export const SWEEP_EVERY_MS = 30_000;
export const SWEEP_LIMIT = 5;
const SWEEP_BUDGET_MS = 10_000;

let lastSweep = 0;

/** Claims and sends due webhook deliveries (the job, a sweep, a test). */
export function sendDueWebhooks(
  options: { budgetMs?: number; limit?: number; now?: () => Date } = {},
): Promise<SendSummary> {
  return sendDue({ ...options, kinds: ["webhook"] });
}

async function sweep(): Promise<void> {
  const now = Date.now();
  if (now - lastSweep < SWEEP_EVERY_MS) return;
  lastSweep = now;
  try {
    await sendDueWebhooks({ limit: SWEEP_LIMIT, budgetMs: SWEEP_BUDGET_MS });
  } catch (error) {
    componentLogger("webhooks").warn({ reason: errorReason(error) }, "webhook sweep failed; the webhooks job retries");
  }
}

/**
 * Runs `task` after the current response, or now in the background outside a request (a job, a
 * script, a test): nothing here ever delays or fails the caller.
 */
function afterResponse(task: () => Promise<void>): void {
  try {
    after(task);
  } catch {
    void task();
  }
}

/** After a change committed: its new deliveries' first attempts, then a bounded sweep. */
export function deliverAfterResponse(deliveryIds: readonly string[]): void {
  afterResponse(async () => {
    if (deliveryIds.length > 0) await sendOutboxMessages([...deliveryIds]);
    await sweep();
  });
}

/** After a page or a request that changed nothing: only the bounded sweep, if one is due. */
export function sweepAfterResponse(): void {
  if (Date.now() - lastSweep < SWEEP_EVERY_MS) return;
  afterResponse(sweep);
}
