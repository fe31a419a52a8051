import { db } from "../db/client";
import type { SqlSession } from "../db/migrate";
import { expiryReminderEmail } from "../email/messages";
import { KEY_ADMIN_ROLES } from "../email/recipients";
import { enqueue, sendDue } from "../outbox/outbox";
import { writeWebhookEvent } from "../webhooks/events";

/**
 * Emails the owners and admins of an organization when one of its keys expires in 7 days, and
 * again a day before. Due hourly in `maintenance` (lib/jobs/registry.ts), which runs as often as
 * the scheduler calls it: daily on Vercel's Hobby plan, every 5 minutes on Pro or a crontab.
 *
 * Each reminder goes out once per key and expiry: the run claims it with an INSERT into
 * KeyExpiryReminder (primary key: key, kind, expiry) and, in the same transaction, enqueues its
 * email in the outbox (lib/outbox) — so even two runs that overlap cannot both queue it, and a
 * claim never exists without its email. Then the run sends what the outbox has due; an email
 * that fails there is retried by the outbox (the `outbox` job), not re-claimed. A run stops
 * starting work after its time budget (the cron route's limit is 300 s) and says `complete:
 * false`: the next run carries on. A key whose expiry is changed gets reminders for its new
 * expiry; rolled keys get none (their end is the grace period the admin chose while rolling),
 * nor revoked ones.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Keys per run; the rest wait for the next run (a run is minutes apart from the next at most). */
const BATCH = 1_000;

/** A run stops claiming (and sending) after this long; the next run carries on. */
export const EXPIRY_REMINDERS_TIME_BUDGET_MS = 240_000;

export interface ExpiryRemindersSummary {
  /** Keys expiring within 7 days. */
  due: number;
  /** Reminders claimed by this run, each with its email in the outbox. */
  queued: number;
  /** Already claimed by an earlier (or concurrent) run. */
  alreadySent: number;
  /** Emails the outbox sent during this run (this run's reminders, and any other message due). */
  sent: number;
  /** Sends that failed during this run; the outbox retries them. */
  failed: number;
  /** False when the time budget ran out first (or more keys were due than one run takes). */
  complete: boolean;
}

export type ReminderKind = "7d" | "1d";

interface DueKey {
  id: string;
  name: string;
  prefix: string;
  organizationId: string;
  organizationName: string;
  expiresAtMs: number;
}

const DUE_KEYS = `SELECT k."id", k."name", k."prefix", k."organizationId", o."name" AS "organizationName",
    (extract(epoch FROM k."expiresAt") * 1000)::float8 AS "expiresAtMs"
  FROM "ApiKey" k JOIN "Organization" o ON o."id" = k."organizationId"
  WHERE k."revokedAt" IS NULL AND k."replacedById" IS NULL
    AND k."expiresAt" > $1::timestamp AND k."expiresAt" <= $2::timestamp
  ORDER BY k."expiresAt" LIMIT ${BATCH}`;

// Copies the key's own expiresAt, so the claim names exactly the expiry it reminds of.
const CLAIM = `INSERT INTO "KeyExpiryReminder" ("apiKeyId", "kind", "expiresAt")
  SELECT "id", $2, "expiresAt" FROM "ApiKey" WHERE "id" = $1
  ON CONFLICT DO NOTHING RETURNING "apiKeyId"`;

const ADMIN_EMAILS = `SELECT u."email" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
  WHERE m."organizationId" = $1 AND m."role"::text = ANY($2::text[]) ORDER BY m."createdAt", u."email"`;

/** Within a day → the 1-day reminder (a key that skipped the 7-day window gets only that one). */
export function reminderKind(expiresAtMs: number, now: Date): ReminderKind {
  return expiresAtMs - now.getTime() <= DAY_MS ? "1d" : "7d";
}

export async function runExpiryReminders(
  session: SqlSession,
  options: { now?: Date; budgetMs?: number } = {},
): Promise<ExpiryRemindersSummary> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? EXPIRY_REMINDERS_TIME_BUDGET_MS;
  const now = options.now ?? new Date();
  const keys = await session.query<DueKey>(DUE_KEYS, [
    now.toISOString(),
    new Date(now.getTime() + 7 * DAY_MS).toISOString(),
  ]);
  const admins = new Map<string, string[]>();
  const summary: ExpiryRemindersSummary = {
    due: keys.length,
    queued: 0,
    alreadySent: 0,
    sent: 0,
    failed: 0,
    complete: keys.length < BATCH,
  };
  for (const key of keys) {
    if (performance.now() - started > budgetMs) {
      summary.complete = false;
      break;
    }
    const kind = reminderKind(key.expiresAtMs, now);
    // The claim and its email commit together (a pooler-safe Prisma transaction, not the
    // job's session): never a claim without its email, nor an email without its claim.
    const queued = await db.$transaction(async (tx) => {
      const claimed = await tx.$queryRawUnsafe<unknown[]>(CLAIM, key.id, kind);
      if (claimed.length === 0) return false;
      let to = admins.get(key.organizationId);
      if (!to) {
        to = (await tx.$queryRawUnsafe<{ email: string }[]>(ADMIN_EMAILS, key.organizationId, KEY_ADMIN_ROLES)).map(
          (row) => row.email,
        );
        admins.set(key.organizationId, to);
      }
      const expiresAt = new Date(key.expiresAtMs);
      // Receivers get key.expiring with the email, once per key, kind and expiry (the claim);
      // the webhooks job, next in `maintenance`, sends it.
      await writeWebhookEvent(tx, {
        organizationId: key.organizationId,
        type: "key.expiring",
        keyId: key.id,
        actor: { type: "system", name: "Expiry reminders" },
        data: { expiresInDays: kind === "1d" ? 1 : 7, reason: "expiry" },
        dedupeKey: `key.expiring:${key.id}:${kind}:${expiresAt.toISOString()}`,
        now,
      });
      await enqueue(tx, {
        kind: "email",
        payload: expiryReminderEmail({
          to,
          organization: key.organizationName,
          key,
          expiresAt,
          remaining: remainingTime(expiresAt, now),
        }),
      });
      return true;
    });
    if (queued) summary.queued++;
    else summary.alreadySent++;
  }
  const sending = await sendDue({ kinds: ["email"], budgetMs: Math.max(0, budgetMs - (performance.now() - started)) });
  summary.sent = sending.sent;
  summary.failed = sending.failed;
  summary.complete &&= sending.complete;
  return summary;
}

/** "7 days", "2 days", "23 hours": what is left, as the email says it. */
export function remainingTime(expiresAt: Date, now: Date): string {
  const hours = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / HOUR_MS));
  if (hours < 36) return hours === 1 ? "1 hour" : `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
