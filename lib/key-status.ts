export type KeyStatus = "active" | "rolling" | "expired";

/**
 * What the table shows for a key that is not revoked. Pure, so the browser can re-run it as time
 * passes, and a leaf, so every part that describes a key (the table, the API, webhook bodies)
 * reads the one rule.
 */
export function keyStatus(key: { expiresAt: Date | string | null; replacedById: string | null }, now: Date): KeyStatus {
  const expiresAt = key.expiresAt === null ? null : new Date(key.expiresAt);
  if (expiresAt !== null && expiresAt.getTime() <= now.getTime()) return "expired";
  return key.replacedById === null ? "active" : "rolling";
}
