import { db } from "../db/client";

export interface VerifiedApiKey {
  apiKey: { id: string; name: string; prefix: string; lastUsedAt: Date | null };
  org: { id: string; name: string; slug: string };
}

/**
 * Finds the active key with this SHA-256 hash (one lookup on the unique index). Unknown,
 * revoked and expired keys all return null, so callers cannot answer them differently.
 *
 * Deliberately uncached: a revoke in one instance must stop the key in every instance on the
 * very next request, and a per-process cache cannot learn of a revoke made elsewhere.
 */
export async function findActiveApiKey(hash: string): Promise<VerifiedApiKey | null> {
  const row = await db.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      name: true,
      prefix: true,
      lastUsedAt: true,
      revokedAt: true,
      expiresAt: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  if (!row || row.revokedAt !== null) return null;
  if (row.expiresAt !== null && row.expiresAt.getTime() <= Date.now()) return null;
  return {
    apiKey: { id: row.id, name: row.name, prefix: row.prefix, lastUsedAt: row.lastUsedAt },
    org: row.organization,
  };
}

const LAST_USED_RESOLUTION_SQL_INTERVAL = "1 minute";

/**
 * Records that the key was used, unless it already was within the last minute. The guard is in
 * the UPDATE itself (database clock), so several instances together still write at most once
 * per key per minute. Returns whether this call wrote.
 */
export async function touchApiKeyLastUsed(keyId: string): Promise<boolean> {
  // Timestamps are stored as UTC in `timestamp(3)` columns (Prisma's convention), hence the
  // explicit conversion of now().
  const updated = await db.$executeRaw`
    UPDATE "ApiKey"
    SET "lastUsedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "id" = ${keyId}
      AND ("lastUsedAt" IS NULL
        OR "lastUsedAt" < (now() AT TIME ZONE 'UTC') - ${LAST_USED_RESOLUTION_SQL_INTERVAL}::interval)`;
  return updated > 0;
}
