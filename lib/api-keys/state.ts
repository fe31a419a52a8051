import type { Prisma } from "../db/generated/client";
import { keyStatus } from "../key-status";

/**
 * Which keys count as active, in one place. A key is active when it is not revoked, has not
 * expired, and has not been rolled (a rolled key in its grace period still works, but its
 * replacement holds its slot). Expired and rolled keys stay in the table until revoked.
 */
export function activeKeyWhere(organizationId: string, now: Date): Prisma.ApiKeyWhereInput {
  return {
    organizationId,
    revokedAt: null,
    replacedById: null,
    OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
  };
}

export { type KeyStatus, keyStatus } from "../key-status";

/**
 * Which keys hold a slot of the organization's limit: the active ones, and a rolled key that
 * still works although its replacement was revoked — nothing else holds its slot any more.
 * Without the second kind, "roll with a 7-day grace, revoke the replacement, create" repeated
 * would keep any number of working keys past the limit. With it, every working key either
 * holds a slot or is the one old key in grace of a key that does (rollApiKey ends any earlier
 * one), so working keys never exceed twice the limit.
 */
export function slotKeyWhere(organizationId: string, now: Date): Prisma.ApiKeyWhereInput {
  return {
    organizationId,
    revokedAt: null,
    AND: [
      { OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      { OR: [{ replacedById: null }, { replacedBy: { is: { revokedAt: { not: null } } } }] },
    ],
  };
}

/**
 * slotKeyWhere for a listed key, given the ids of every unrevoked key of the organization (the
 * table's list): a replacement missing from that list was revoked.
 */
export function holdsSlot(
  key: { expiresAt: Date | string | null; replacedById: string | null },
  unrevokedIds: ReadonlySet<string>,
  now: Date,
): boolean {
  const status = keyStatus(key, now);
  if (status === "active") return true;
  return status === "rolling" && key.replacedById !== null && !unrevokedIds.has(key.replacedById);
}

/** The key a key replaced, if it still works (in its grace period): rolling this key ends it. */
export function previousInGrace<P extends { expiresAt: Date | string | null }>(
  key: { previous: P | null },
  now: Date,
): P | null {
  const previous = key.previous;
  if (previous === null || previous.expiresAt === null) return null;
  return new Date(previous.expiresAt).getTime() > now.getTime() ? previous : null;
}
