import type { Prisma } from "../db/generated/client";

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

export type KeyStatus = "active" | "rolling" | "expired";

/** What the table shows for a key that is not revoked. Pure, so the browser can re-run it as time passes. */
export function keyStatus(key: { expiresAt: Date | string | null; replacedById: string | null }, now: Date): KeyStatus {
  const expiresAt = key.expiresAt === null ? null : new Date(key.expiresAt);
  if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) return "expired";
  return key.replacedById === null ? "active" : "rolling";
}
