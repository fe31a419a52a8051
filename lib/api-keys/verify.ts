import { db } from "../db/client";
import { cachedVerifiedKey, storeVerifiedKey } from "./key-cache";

export interface VerifiedApiKey {
  apiKey: { id: string; name: string; prefix: string; lastUsedAt: Date | null };
  org: { id: string; name: string; slug: string };
}

/**
 * What a key's hash resolves to. Unknown and revoked keys are one case ("invalid"), so callers
 * cannot answer them differently. An expired key is told apart: only its holder can present
 * it, and "it expired on …" tells them what to do, where "invalid" would send them hunting for
 * a typo. `rolled`: it expired at the end of a roll's grace period (it has a replacement).
 */
export type ApiKeyVerification =
  | { status: "active"; key: VerifiedApiKey }
  | { status: "expired"; expiresAt: Date; rolled: boolean }
  | { status: "invalid" };

/** What the request knew before the lookup: see key-cache.ts for how each is used. */
export interface VerificationContext {
  /** The key's invalidation version read on this request; undefined when Redis could not say. */
  version: string | null | undefined;
  /** keyCacheGeneration(), taken before anything of the request could be awaited. */
  generation: number;
  requestStartedAt: number;
}

/**
 * Verifies a key by hash: from this process's cache when an entry may still be served, else by
 * one lookup on the unique index, caching an active result. Without a known version (Redis
 * unreachable) the cache is neither read nor filled, since another instance's revoke could not
 * be seen.
 */
export async function verifyApiKey(hash: string, context: VerificationContext): Promise<ApiKeyVerification> {
  const { version } = context;
  if (version !== undefined) {
    const cached = cachedVerifiedKey<VerifiedApiKey>(hash, version, Date.now());
    if (cached) return { status: "active", key: cached };
  }
  const found = await lookUpApiKey(hash);
  if (found.verification.status === "active" && version !== undefined) {
    storeVerifiedKey(
      hash,
      found.verification.key,
      {
        version,
        generation: context.generation,
        requestStartedAt: context.requestStartedAt,
        expiresAt: found.expiresAt?.getTime() ?? null,
      },
      Date.now(),
    );
  }
  return found.verification;
}

/** The database's answer, uncached. */
export async function lookUpApiKey(
  hash: string,
  now: number = Date.now(),
): Promise<{ verification: ApiKeyVerification; expiresAt: Date | null }> {
  const row = await db.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      name: true,
      prefix: true,
      lastUsedAt: true,
      revokedAt: true,
      expiresAt: true,
      replacedById: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  if (!row || row.revokedAt !== null) return { verification: { status: "invalid" }, expiresAt: null };
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now) {
    return {
      verification: { status: "expired", expiresAt: row.expiresAt, rolled: row.replacedById !== null },
      expiresAt: row.expiresAt,
    };
  }
  // A rolled key in its grace period (replacedById set, expiresAt ahead) still works.
  return {
    verification: {
      status: "active",
      key: {
        apiKey: { id: row.id, name: row.name, prefix: row.prefix, lastUsedAt: row.lastUsedAt },
        org: row.organization,
      },
    },
    expiresAt: row.expiresAt,
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
