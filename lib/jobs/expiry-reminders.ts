import type { SqlSession } from "../db/migrate";
import { sendEmail } from "../email/mailer";
import { expiryReminderEmail } from "../email/messages";
import { KEY_ADMIN_ROLES } from "../email/recipients";
import { componentLogger, errorReason } from "../log";

/**
 * Emails the owners and admins of an organization when one of its keys expires in 7 days, and
 * again a day before. Due hourly in `maintenance` (lib/jobs/registry.ts), which runs as often as
 * the scheduler calls it: daily on Vercel's Hobby plan, every 5 minutes on Pro or a crontab.
 *
 * Each reminder goes out once per key and expiry: the run first claims it with an INSERT into
 * KeyExpiryReminder (primary key: key, kind, expiry) and sends only if its insert made the row,
 * so even two runs that overlap cannot both send. A send that fails gives its claim back, and the
 * next run retries it. A key whose expiry is changed gets reminders for its new expiry; rolled
 * keys get none (their end is the grace period the admin chose while rolling), nor revoked ones.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Keys per run; the rest wait for the next run (a run is minutes apart from the next at most). */
const BATCH = 1_000;

export interface ExpiryRemindersSummary {
  /** Keys expiring within 7 days. */
  due: number;
  sent: number;
  /** Already sent by an earlier (or concurrent) run. */
  alreadySent: number;
  failed: number;
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

const RELEASE = `DELETE FROM "KeyExpiryReminder" WHERE "apiKeyId" = $1 AND "kind" = $2
  AND "expiresAt" = (SELECT "expiresAt" FROM "ApiKey" WHERE "id" = $1)`;

const ADMIN_EMAILS = `SELECT u."email" FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
  WHERE m."organizationId" = $1 AND m."role"::text = ANY($2::text[]) ORDER BY m."createdAt", u."email"`;

/** Within a day → the 1-day reminder (a key that skipped the 7-day window gets only that one). */
export function reminderKind(expiresAtMs: number, now: Date): ReminderKind {
  return expiresAtMs - now.getTime() <= DAY_MS ? "1d" : "7d";
}

export async function runExpiryReminders(
  session: SqlSession,
  options: { now?: Date } = {},
): Promise<ExpiryRemindersSummary> {
  const log = componentLogger("job");
  const now = options.now ?? new Date();
  const keys = await session.query<DueKey>(DUE_KEYS, [
    now.toISOString(),
    new Date(now.getTime() + 7 * DAY_MS).toISOString(),
  ]);
  const admins = new Map<string, string[]>();
  const summary: ExpiryRemindersSummary = { due: keys.length, sent: 0, alreadySent: 0, failed: 0 };
  for (const key of keys) {
    const kind = reminderKind(key.expiresAtMs, now);
    const claimed = await session.query(CLAIM, [key.id, kind]);
    if (claimed.length === 0) {
      summary.alreadySent++;
      continue;
    }
    try {
      let to = admins.get(key.organizationId);
      if (!to) {
        to = (await session.query<{ email: string }>(ADMIN_EMAILS, [key.organizationId, KEY_ADMIN_ROLES])).map(
          (row) => row.email,
        );
        admins.set(key.organizationId, to);
      }
      const expiresAt = new Date(key.expiresAtMs);
      await sendEmail(
        expiryReminderEmail({
          to,
          organization: key.organizationName,
          key,
          expiresAt,
          remaining: remainingTime(expiresAt, now),
        }),
      );
      summary.sent++;
    } catch (error) {
      summary.failed++;
      log.error({ keyId: key.id, kind, reason: errorReason(error) }, "expiry reminder not sent; the next run retries");
      await session.query(RELEASE, [key.id, kind]);
    }
  }
  return summary;
}

/** "7 days", "2 days", "23 hours": what is left, as the email says it. */
export function remainingTime(expiresAt: Date, now: Date): string {
  const hours = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / HOUR_MS));
  if (hours < 36) return hours === 1 ? "1 hour" : `${hours} hours`;
  return `${Math.round(hours / 24)} days`;
}
