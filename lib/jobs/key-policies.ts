import { expireKeyByPolicy } from "../api-keys/commands/expire-by-policy";
import { DAY_MS } from "../api-keys/expiry";
import { type KeyPolicy, keyPolicyOf, policyBreach } from "../api-keys/policies";
import { activeKeyWhere } from "../api-keys/state";
import { db } from "../db/client";
import { policyExpiryEmail } from "../email/messages";
import { keyAdminEmails } from "../email/recipients";
import { enqueue, sendDue } from "../outbox/outbox";
import { writeWebhookEvent } from "../webhooks/events";
import { remainingTime } from "./expiry-reminders";

/**
 * What organizations' key policies do over time (hourly in `maintenance`):
 * - "Expire keys unused for N days": a key whose last use (or creation) is N days ago expires;
 *   its admins are emailed 7 days and 1 day before, as for an expiry.
 * - An enforcement date: from then on, keys that still break a policy expire; emails 7 days and
 *   1 day before it, per key.
 * Each expiry goes through the recipe of every key change (commands/expire-by-policy.ts:
 * audited, caches invalidated); each email is claimed once per key, kind and date in
 * KeyExpiryReminder, in the transaction that enqueues it, as expiry reminders are.
 */
export const KEY_POLICIES_TIME_BUDGET_MS = 240_000;

export interface KeyPoliciesSummary {
  expiredUnused: number;
  expiredByPolicy: number;
  queued: number;
  sent: number;
  failed: number;
  complete: boolean;
}

interface PlannedExpiry {
  kind: "idle" | "policy";
  at: Date;
  because: string;
  remedy: string;
}

/** When the job will expire this key, and why; null when no policy will. */
function plannedExpiries(
  policy: KeyPolicy,
  key: {
    createdAt: Date;
    lastUsedAt: Date | null;
    expiresAt: Date | null;
    permissions: string[];
    allowedAddresses: string[];
  },
  now: Date,
): PlannedExpiry[] {
  const planned: PlannedExpiry[] = [];
  const days = policy.expireUnusedAfterDays;
  if (days !== null) {
    const at = new Date((key.lastUsedAt ?? key.createdAt).getTime() + days * DAY_MS);
    // A key that expires sooner anyway needs no word from this policy.
    if (key.expiresAt === null || key.expiresAt > at) {
      planned.push({
        kind: "idle",
        at,
        because: `it has not been used for ${days} days (your organization's policy "Expire keys unused for")`,
        remedy: "If an integration still needs it, use it before then; else nothing needs doing",
      });
    }
  }
  const breach = policy.enforceFrom ? policyBreach(policy, key, now) : null;
  if (policy.enforceFrom && breach) {
    planned.push({
      kind: "policy",
      at: policy.enforceFrom,
      because: `it breaks a policy that is enforced from that date: ${breach.message}`,
      remedy: "Bring the key within the policy (or roll it) before then",
    });
  }
  return planned;
}

export async function runKeyPolicies(options: { now?: Date; budgetMs?: number } = {}): Promise<KeyPoliciesSummary> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? KEY_POLICIES_TIME_BUDGET_MS;
  const now = options.now ?? new Date();
  const summary: KeyPoliciesSummary = {
    expiredUnused: 0,
    expiredByPolicy: 0,
    queued: 0,
    sent: 0,
    failed: 0,
    complete: true,
  };
  const organizations = await db.organizationPolicy.findMany({
    where: { OR: [{ expireUnusedAfterDays: { not: null } }, { enforceFrom: { not: null } }] },
    include: { organization: { select: { name: true } } },
  });
  for (const row of organizations) {
    const policy = keyPolicyOf(row);
    const keys = await db.apiKey.findMany({
      where: activeKeyWhere(row.organizationId, now),
      select: {
        id: true,
        name: true,
        prefix: true,
        createdAt: true,
        lastUsedAt: true,
        expiresAt: true,
        permissions: true,
        allowedAddresses: true,
      },
    });
    for (const key of keys) {
      if (performance.now() - started > budgetMs) {
        summary.complete = false;
        break;
      }
      for (const planned of plannedExpiries(policy, key, now)) {
        if (planned.at <= now) {
          const expired = await expireKeyByPolicy({
            organizationId: row.organizationId,
            keyId: key.id,
            reason: planned.kind === "idle" ? "unused" : "policy",
            policy: planned.kind === "idle" ? "Expire keys unused for" : planned.because,
            // Re-read under the lock: a key used since this run read it is no longer idle.
            stillDue: (current) =>
              planned.kind === "policy" ||
              (current.lastUsedAt ?? current.createdAt).getTime() === (key.lastUsedAt ?? key.createdAt).getTime(),
          }).catch(() => false);
          if (expired) summary[planned.kind === "idle" ? "expiredUnused" : "expiredByPolicy"]++;
          break;
        }
        if (planned.at.getTime() - now.getTime() <= 7 * DAY_MS) {
          const kind = `${planned.kind}-${planned.at.getTime() - now.getTime() <= DAY_MS ? "1d" : "7d"}`;
          if (await remind(row.organizationId, row.organization.name, key, kind, planned, now)) summary.queued++;
        }
      }
    }
  }
  const sending = await sendDue({ kinds: ["email"], budgetMs: Math.max(0, budgetMs - (performance.now() - started)) });
  summary.sent = sending.sent;
  summary.failed = sending.failed;
  summary.complete &&= sending.complete;
  return summary;
}

/** Claims the reminder (once per key, kind and date) and enqueues its email, together. */
async function remind(
  organizationId: string,
  organization: string,
  key: { id: string; name: string; prefix: string },
  kind: string,
  planned: PlannedExpiry,
  now: Date,
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const claimed = await tx.keyExpiryReminder.createMany({
      data: [{ apiKeyId: key.id, kind, expiresAt: planned.at }],
      skipDuplicates: true,
    });
    if (claimed.count === 0) return false;
    await writeWebhookEvent(tx, {
      organizationId,
      type: "key.expiring",
      keyId: key.id,
      actor: { type: "system", name: "Key policies" },
      data: {
        expiresInDays: kind.endsWith("-1d") ? 1 : 7,
        expiresAt: planned.at.toISOString(),
        reason: planned.kind === "idle" ? "unused" : "policy",
      },
      dedupeKey: `key.expiring:${key.id}:${kind}:${planned.at.toISOString()}`,
      now,
    });
    await enqueue(tx, {
      kind: "email",
      payload: policyExpiryEmail({
        to: await keyAdminEmails(organizationId, tx),
        organization,
        key,
        expiresAt: planned.at,
        remaining: remainingTime(planned.at, now),
        because: planned.because,
        remedy: planned.remedy,
      }),
    });
    return true;
  });
}
