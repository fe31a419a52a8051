import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { componentLogger, errorReason } from "../log";
import {
  NOTHING_TO_SEND,
  type OutboxKind,
  type OutboxMessageInput,
  PAYLOADS,
  PermanentFailure,
  policyOf,
  SENDERS,
  type Sender,
} from "./kinds";

/**
 * The outbox (docs/architecture.md, "Outbox"): a message is a row of OutboxMessage, inserted by
 * `enqueue` in the transaction of the change it tells of, so the change and its notice commit
 * together or not at all; a sender then claims due messages with a lease, sends them, and marks
 * them sent — or records the error and retries later with exponential backoff, giving up after
 * MAX_ATTEMPTS. A sender that dies mid-send leaves its lease, which expires: the message is then
 * claimed again. Delivery is at least once: a sender that dies after the mail server accepted a
 * message but before marking it sent sends it twice (SMTP has no idempotency key to prevent it).
 *
 * Every statement is a short autocommit one through the Prisma client, so it works through a
 * transaction pooler, from a job, from `after()`, on Postgres and on the embedded database.
 */

/**
 * How long a claim holds a message. Covers a whole claimed batch: CLAIM_BATCH sends of at most
 * ~40 s each (the mailer's connection, greeting and socket timeouts) stay under it.
 */
export const LEASE_MS = 5 * 60_000;
const CLAIM_BATCH = 5;
/** A run (the job, or a reminders run) stops claiming after this long: the cron route's limit is 300 s. */
export const OUTBOX_TIME_BUDGET_MS = 240_000;
/** Sent messages are deleted after this long, given-up ones after GIVEN_UP_KEPT_DAYS. */
const SENT_KEPT_DAYS = 7;
const GIVEN_UP_KEPT_DAYS = 30;
const DAY_MS = 86_400_000;

export {
  type Attempt,
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  backoffMs,
  MAX_ATTEMPTS,
  NOTHING_TO_SEND,
  type OutboxKind,
  type OutboxMessageInput,
  PermanentFailure,
  RETRY_POLICIES,
  registerSender,
  WEBHOOK_RETRY_DELAYS_MS,
} from "./kinds";

type Writer = Pick<Prisma.TransactionClient, "outboxMessage">;

/**
 * Adds a message, to be sent once `tx` commits (pass the transaction's client, so it commits with
 * the change). Returns its id, for `sendOutboxMessages` right after the commit.
 */
export async function enqueue(tx: Writer, message: OutboxMessageInput): Promise<string> {
  const payload = PAYLOADS[message.kind].parse(message.payload);
  const now = new Date();
  const row = await tx.outboxMessage.create({
    data: { kind: message.kind, payload, createdAt: now, availableAt: now },
    select: { id: true },
  });
  return row.id;
}

interface Claimed {
  id: string;
  kind: string;
  payload: unknown;
  attempts: number;
}

// Timestamps are passed as ISO strings cast to `timestamp` (the columns hold UTC wall time), so
// the statements do not depend on the session's TimeZone and tests can move the clock.
const DUE = `"sentAt" IS NULL AND "failedAt" IS NULL AND "availableAt" <= $1::timestamp
    AND ("lockedUntil" IS NULL OR "lockedUntil" <= $1::timestamp)`;
const CLAIM = `UPDATE "OutboxMessage" SET "lockedUntil" = $2::timestamp, "attempts" = "attempts" + 1
  WHERE "id" IN (
    SELECT "id" FROM "OutboxMessage" WHERE ${DUE} AND "kind" = ANY($4::text[])
    ORDER BY "availableAt", "id" LIMIT $3 FOR UPDATE SKIP LOCKED)
  RETURNING "id", "kind", "payload", "attempts"`;
const CLAIM_IDS = `UPDATE "OutboxMessage" SET "lockedUntil" = $2::timestamp, "attempts" = "attempts" + 1
  WHERE "id" IN (
    SELECT "id" FROM "OutboxMessage" WHERE ${DUE} AND "id" = ANY($3::text[])
    FOR UPDATE SKIP LOCKED)
  RETURNING "id", "kind", "payload", "attempts"`;
const MARK_SENT = `UPDATE "OutboxMessage" SET "sentAt" = $2::timestamp, "lockedUntil" = NULL, "lastError" = NULL
  WHERE "id" = $1 AND "sentAt" IS NULL`;
const RETRY_LATER = `UPDATE "OutboxMessage" SET "availableAt" = $2::timestamp, "lockedUntil" = NULL, "lastError" = $3
  WHERE "id" = $1 AND "sentAt" IS NULL`;
const GIVE_UP = `UPDATE "OutboxMessage" SET "failedAt" = $2::timestamp, "lockedUntil" = NULL, "lastError" = $3
  WHERE "id" = $1 AND "sentAt" IS NULL`;
const CLEAN_UP = `DELETE FROM "OutboxMessage" WHERE "id" IN (
    SELECT "id" FROM "OutboxMessage" WHERE "sentAt" < $1::timestamp
    UNION ALL
    SELECT "id" FROM "OutboxMessage" WHERE "sentAt" IS NULL AND "failedAt" < $2::timestamp
    LIMIT 1000)`;

export interface SendSummary {
  sent: number;
  /** Done without sending: what the message was about no longer exists. */
  dropped: number;
  /** Attempts that failed; the message is retried later (or given up, also counted below). */
  failed: number;
  gaveUp: number;
  /** False when the time budget ran out with due messages possibly left. */
  complete: boolean;
}

export interface SendOptions {
  /** Stop claiming after this long (the batch claimed last is still sent). */
  budgetMs?: number;
  /** At most this many messages. */
  limit?: number;
  /** Only these messages (the ones just enqueued). */
  ids?: string[];
  /** Only messages of these kinds (default: every kind). */
  kinds?: readonly OutboxKind[];
  /** Tests: the sender's clock. */
  now?: () => Date;
}

const ALL_KINDS = Object.keys(PAYLOADS) as OutboxKind[];

const iso = (date: Date) => date.toISOString();

async function claim(
  now: Date,
  limit: number,
  ids?: string[],
  kinds: readonly OutboxKind[] = ALL_KINDS,
): Promise<Claimed[]> {
  const lockedUntil = iso(new Date(now.getTime() + LEASE_MS));
  return ids
    ? db.$queryRawUnsafe<Claimed[]>(CLAIM_IDS, iso(now), lockedUntil, ids)
    : db.$queryRawUnsafe<Claimed[]>(CLAIM, iso(now), lockedUntil, limit, kinds);
}

/**
 * Tests: what a sender that dies after its claim leaves behind — the claimed ids, leased for
 * LEASE_MS and never sent.
 */
export async function claimWithoutSending(now: Date, limit: number): Promise<string[]> {
  return (await claim(now, limit)).map((message) => message.id);
}

/** Sends one claimed message and records the outcome. */
async function deliver(message: Claimed, now: () => Date, summary: SendSummary): Promise<void> {
  const log = componentLogger("outbox");
  const { maxAttempts, delayMs } = policyOf(message.kind);
  let error: string;
  let permanent = false;
  let outcome: undefined | typeof NOTHING_TO_SEND;
  if (message.attempts > maxAttempts) {
    // Its last attempts were claimed by senders that died (or timed out) before recording anything.
    error = "no attempt finished before the last one's lease expired";
  } else {
    try {
      const kind = message.kind as OutboxKind;
      const schema = PAYLOADS[kind];
      const sender = SENDERS[kind] as Sender<OutboxKind> | undefined;
      if (!schema || !sender) throw new Error(`no sender for message kind "${message.kind.slice(0, 50)}"`);
      outcome = await sender(schema.parse(message.payload) as never, {
        messageId: message.id,
        attempt: message.attempts,
        lastAttempt: message.attempts >= maxAttempts,
      });
      error = "";
    } catch (caught) {
      error = errorReason(caught).slice(0, 500) || "send failed";
      permanent = caught instanceof PermanentFailure;
    }
    if (!error) {
      // Should this fail (database gone), the lease expires and the message is sent again:
      // the one window where at-least-once delivers twice.
      await db.$executeRawUnsafe(MARK_SENT, message.id, iso(now()));
      if (outcome === NOTHING_TO_SEND) summary.dropped++;
      else summary.sent++;
      return;
    }
  }
  summary.failed++;
  if (message.attempts >= maxAttempts || permanent) {
    summary.gaveUp++;
    await db.$executeRawUnsafe(GIVE_UP, message.id, iso(now()), error);
    log.error(
      { messageId: message.id, kind: message.kind, attempts: message.attempts, reason: error },
      "outbox message given up: not sent after the last attempt",
    );
    return;
  }
  const retryAt = new Date(now().getTime() + delayMs(message.attempts));
  await db.$executeRawUnsafe(RETRY_LATER, message.id, iso(retryAt), error);
  log.warn(
    { messageId: message.id, kind: message.kind, attempts: message.attempts, retryAt: iso(retryAt), reason: error },
    "outbox message not sent; retried later",
  );
}

/** Claims due messages (a few at a time, under a lease) and sends them, within a time budget. */
export async function sendDue(options: SendOptions = {}): Promise<SendSummary> {
  const started = performance.now();
  const now = options.now ?? (() => new Date());
  const budgetMs = options.budgetMs ?? OUTBOX_TIME_BUDGET_MS;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const summary: SendSummary = { sent: 0, dropped: 0, failed: 0, gaveUp: 0, complete: true };
  let handled = 0;
  let ids = options.ids;
  while (handled < limit) {
    if (performance.now() - started > budgetMs) {
      summary.complete = false;
      break;
    }
    const batch = Math.min(CLAIM_BATCH, limit - handled);
    const claimed = ids
      ? await claim(now(), batch, ids.slice(0, batch))
      : await claim(now(), batch, undefined, options.kinds);
    if (ids) ids = ids.slice(batch);
    for (const message of claimed) await deliver(message, now, summary);
    handled += claimed.length;
    if (ids ? ids.length === 0 : claimed.length < batch) break;
  }
  return summary;
}

/**
 * Sends messages just enqueued (from `after()`, once the transaction committed): the common case
 * goes out as fast as a direct send. Never throws: what fails here is left to the outbox job.
 */
export async function sendOutboxMessages(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  try {
    await sendDue({ ids });
  } catch (error) {
    componentLogger("outbox").error(
      { messages: ids.length, reason: errorReason(error) },
      "outbox messages not sent now; the outbox job retries them",
    );
  }
}

export interface OutboxRunSummary extends SendSummary {
  /** Sent and given-up messages deleted once old enough. */
  deleted: number;
}

/**
 * The `outbox` job: sends the emails that are due (webhook deliveries have their own job,
 * lib/webhook-endpoints/job.ts), then deletes old sent and given-up messages of every kind.
 */
export async function runOutbox(options: SendOptions = {}): Promise<OutboxRunSummary> {
  const summary = await sendDue({ kinds: ["email"], ...options });
  const now = (options.now ?? (() => new Date()))().getTime();
  const deleted = await db.$executeRawUnsafe(
    CLEAN_UP,
    iso(new Date(now - SENT_KEPT_DAYS * DAY_MS)),
    iso(new Date(now - GIVEN_UP_KEPT_DAYS * DAY_MS)),
  );
  return { ...summary, deleted };
}
