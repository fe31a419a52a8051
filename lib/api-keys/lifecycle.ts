import { recordAuditEvent } from "../audit/events";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { expiresAtFor, GRACE_MS, type GraceChoice, lifetimeDays } from "./expiry";
import { generateApiKey } from "./format";
import { invalidateApiKey } from "./invalidation";
import { rememberKeyHash } from "./known-hashes";
import { carriedByRoll, ROLL_CARRIED_SELECT } from "./roll-carries";
import { ApiKeyError, auditSubject, type CreatedApiKey, insertApiKey, lockOrganization } from "./service";
import { activeKeyWhere } from "./state";

/**
 * Rename, roll and expiry changes. Each runs in one transaction that takes the organization's
 * row lock first (see lockOrganization), changes the key with an UPDATE guarded by the state it
 * requires, and writes its audit event. Roll and expiry changes alter when a key stops working,
 * so caches forget the key after the commit and before the function returns.
 */

interface KeyActor {
  organizationId: string;
  userId: string;
  keyId: string;
}

const KEY_FIELDS = { id: true, name: true, prefix: true, hash: true, createdAt: true, expiresAt: true } as const;

async function findKey(tx: Prisma.TransactionClient, where: Prisma.ApiKeyWhereInput, message: string) {
  const key = await tx.apiKey.findFirst({ where, select: KEY_FIELDS });
  if (!key) throw new ApiKeyError("not_found", message);
  return key;
}

/** Renames a key that is not revoked. Same name → nothing changes and nothing is recorded. */
export async function renameApiKey(input: KeyActor & { name: string }): Promise<{ id: string; name: string }> {
  const renamed = await db.$transaction(async (tx) => {
    await lockOrganization(tx, input.organizationId);
    const key = await findKey(
      tx,
      { id: input.keyId, organizationId: input.organizationId, revokedAt: null },
      "This key doesn't exist or has been revoked.",
    );
    if (key.name === input.name) return null;
    await tx.apiKey.update({ where: { id: key.id }, data: { name: input.name } });
    await recordAuditEvent(tx, auditSubject(input, { ...key, name: input.name }), {
      action: "api_key.renamed",
      details: { previousName: key.name },
    });
    return key;
  });
  // The name is part of what the API reports (GET /api/v1/me): let caches refresh it too.
  if (renamed) await invalidateApiKey(renamed.hash);
  return { id: input.keyId, name: input.name };
}

export interface RolledApiKey extends CreatedApiKey {
  /** When the old key stops working: now + grace, never later than its own expiry. */
  oldExpiresAt: Date;
  /** The key before the old one, whose grace period this roll ended (see rollApiKey). */
  endedGrace: { id: string; prefix: string } | null;
}

/**
 * Replaces an active key with a new one (shown once) that carries what ROLL_CARRIES says — its
 * name, allowed addresses and lifetime (see lifetimeDays) — and nothing of the old secret. The
 * old key keeps working for the grace period, then expires; it stops counting toward the limit
 * at once (its replacement takes its slot), so rolling works at the limit. A key that was
 * already rolled, or is revoked or expired, cannot be rolled: of two parallel rolls of one key,
 * one wins.
 *
 * One grace period per chain: if the key being rolled is itself a replacement whose
 * predecessor is still in its grace period, that predecessor stops now (audited). Otherwise
 * rolling a chain ten times with a 7-day grace leaves ten old keys working beside the new one,
 * none of them counted: with it, an organization's working keys are at most its limit plus one
 * old key per active key.
 */
export async function rollApiKey(input: KeyActor & { grace: GraceChoice }): Promise<RolledApiKey> {
  const generated = generateApiKey();
  const result = await db.$transaction(async (tx) => {
    await lockOrganization(tx, input.organizationId);
    const now = new Date();
    const old = await tx.apiKey.findFirst({
      where: { id: input.keyId, ...activeKeyWhere(input.organizationId, now) },
      select: { ...KEY_FIELDS, ...ROLL_CARRIED_SELECT },
    });
    if (!old)
      throw new ApiKeyError("not_found", "This key can't be rolled: it was already rolled, revoked or has expired.");
    const graceEnd = new Date(now.getTime() + GRACE_MS[input.grace]);
    const oldExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    const carried = carriedByRoll(old);
    const replacement = await insertApiKey(tx, generated, {
      ...carried,
      userId: input.userId,
      createdAt: now,
      expiresAt: expiresAtFor(lifetimeDays(old.createdAt, old.expiresAt), now),
    });
    const ended = await endPredecessorGrace(tx, input, old, now);
    // Guarded by the same state the lookup required, under the organization lock.
    const { count } = await tx.apiKey.updateMany({
      where: { id: old.id, revokedAt: null, replacedById: null },
      data: { expiresAt: oldExpiresAt, replacedById: replacement.id },
    });
    if (count !== 1) throw new ApiKeyError("not_found", "This key can't be rolled: it was already rolled or revoked.");
    await recordAuditEvent(tx, auditSubject(input, old), {
      action: "api_key.rolled",
      details: {
        replacementId: replacement.id,
        replacementPrefix: replacement.prefix,
        graceSeconds: Math.round((oldExpiresAt.getTime() - now.getTime()) / 1000),
        oldExpiresAt: oldExpiresAt.toISOString(),
        // What the replacement kept, as Activity shows it (the name is the event's keyName).
        allowedAddresses: carried.allowedAddresses,
        lifetimeDays: lifetimeDays(old.createdAt, old.expiresAt),
        endedGracePrefix: ended?.prefix ?? null,
      },
    });
    return { summary: replacement, oldHash: old.hash, oldExpiresAt, ended };
  });
  // Expiries moved (perhaps to now): caches must learn them before we report success.
  await invalidateApiKey(result.oldHash);
  if (result.ended) await invalidateApiKey(result.ended.hash);
  rememberKeyHash(generated.hash);
  return {
    key: generated.key,
    summary: result.summary,
    oldExpiresAt: result.oldExpiresAt,
    endedGrace: result.ended && { id: result.ended.id, prefix: result.ended.prefix },
  };
}

/**
 * Ends the grace period of the key `rolled` replaced, if it is still working: it expires now,
 * and an event on it says why. At most one such key exists (replacedById is unique), and the
 * caller holds the organization lock, so nothing rolls or revokes it meanwhile.
 */
async function endPredecessorGrace(
  tx: Prisma.TransactionClient,
  actor: KeyActor,
  rolled: { id: string; name: string; prefix: string },
  now: Date,
) {
  const predecessor = await tx.apiKey.findFirst({
    where: { replacedById: rolled.id, organizationId: actor.organizationId, revokedAt: null, expiresAt: { gt: now } },
    select: KEY_FIELDS,
  });
  if (!predecessor) return null;
  await tx.apiKey.update({ where: { id: predecessor.id }, data: { expiresAt: now } });
  await recordAuditEvent(tx, auditSubject(actor, predecessor), {
    action: "api_key.grace_ended",
    details: {
      reason: "replacement_rolled",
      replacementId: rolled.id,
      replacementPrefix: rolled.prefix,
      previousExpiresAt: predecessor.expiresAt?.toISOString() ?? null,
    },
  });
  return predecessor;
}

/**
 * Sets when an active key expires, counted from now (null → never). Only active keys: an
 * expired key would start counting toward the limit again, and a rolling key's end is set by
 * its roll.
 */
export async function changeApiKeyExpiry(
  input: KeyActor & { expiresInDays: number | null },
): Promise<{ id: string; name: string; expiresAt: Date | null }> {
  const changed = await db.$transaction(async (tx) => {
    await lockOrganization(tx, input.organizationId);
    const now = new Date();
    const key = await findKey(
      tx,
      { id: input.keyId, ...activeKeyWhere(input.organizationId, now) },
      "This key's expiry can't be changed: it was rolled, revoked or has expired.",
    );
    const expiresAt = expiresAtFor(input.expiresInDays, now);
    await tx.apiKey.update({ where: { id: key.id }, data: { expiresAt } });
    await recordAuditEvent(tx, auditSubject(input, key), {
      action: "api_key.expiry_changed",
      details: { expiresInDays: input.expiresInDays, previousExpiresAt: key.expiresAt?.toISOString() ?? null },
    });
    return { ...key, expiresAt };
  });
  await invalidateApiKey(changed.hash);
  return { id: changed.id, name: changed.name, expiresAt: changed.expiresAt };
}
