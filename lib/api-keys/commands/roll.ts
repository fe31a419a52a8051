import { expiresAtFor, GRACE_MS, type GraceChoice, lifetimeDays } from "../expiry";
import { generateApiKey } from "../format";
import { lifetimeWithin } from "../policies";
import { carriedByRoll, ROLL_CARRIED_SELECT } from "../roll-carries";
import { activeKeyWhere } from "../state";
import { rememberKeyHash } from "../verification/known-hashes";
import { type CreatedApiKey, insertApiKey } from "./create";
import { type Actor, changeKey, type KeyChange } from "./key-change";

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
 * one wins (the organization's lock orders them; the second finds the key rolled).
 *
 * One grace period per chain: if the key being rolled is itself a replacement whose
 * predecessor is still in its grace period, that predecessor stops now (audited). Otherwise
 * rolling a chain ten times with a 7-day grace leaves ten old keys working beside the new one,
 * none of them counted: with it, an organization's working keys are at most its limit plus one
 * old key per active key.
 */
export async function rollApiKey(input: Actor & { keyId: string; grace: GraceChoice }): Promise<RolledApiKey> {
  const generated = generateApiKey();
  const rolled = await changeKey(
    input,
    {
      keyId: input.keyId,
      state: (now) => activeKeyWhere(input.organizationId, now),
      notFound: "This key can't be rolled: it was already rolled, revoked or has expired.",
      select: ROLL_CARRIED_SELECT,
    },
    async (change) => {
      const { tx, key: old, now, update, audit, policy } = change;
      const graceEnd = new Date(now.getTime() + GRACE_MS[input.grace]);
      const oldExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
      const carried = carriedByRoll(old);
      // The same lifetime, but never beyond the organization's maximum.
      const lifetime = lifetimeWithin(policy, lifetimeDays(old.createdAt, old.expiresAt));
      const replacement = await insertApiKey(tx, policy, generated, {
        ...carried,
        userId: input.userId,
        createdByKeyId: input.apiKey?.id ?? null,
        createdAt: now,
        expiresAt: expiresAtFor(lifetime, now),
      });
      const ended = await endPredecessorGrace(change, old);
      await update({ expiresAt: oldExpiresAt, replacedById: replacement.id });
      await audit(old, {
        action: "api_key.rolled",
        details: {
          replacementId: replacement.id,
          replacementPrefix: replacement.prefix,
          graceSeconds: Math.round((oldExpiresAt.getTime() - now.getTime()) / 1000),
          oldExpiresAt: oldExpiresAt.toISOString(),
          // What the replacement kept, as Activity shows it (the name is the event's keyName).
          allowedAddresses: carried.allowedAddresses,
          lifetimeDays: lifetime,
          endedGracePrefix: ended?.prefix ?? null,
        },
      });
      return { summary: replacement, oldExpiresAt, endedGrace: ended && { id: ended.id, prefix: ended.prefix } };
    },
  );
  rememberKeyHash(generated.hash);
  return { key: generated.key, ...rolled };
}

/**
 * Ends the grace period of the key `rolled` replaced, if it is still working: it expires now,
 * and an event on it says why. At most one such key exists (replacedById is unique), and the
 * caller holds the organization lock, so nothing rolls or revokes it meanwhile.
 */
async function endPredecessorGrace(
  { tx, now, audit, invalidate }: KeyChange<unknown>,
  rolled: { id: string; name: string; prefix: string },
) {
  const predecessor = await tx.apiKey.findFirst({
    where: { replacedById: rolled.id, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, name: true, prefix: true, hash: true, expiresAt: true },
  });
  if (!predecessor) return null;
  await tx.apiKey.update({ where: { id: predecessor.id }, data: { expiresAt: now } });
  invalidate(predecessor.hash);
  await audit(predecessor, {
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
