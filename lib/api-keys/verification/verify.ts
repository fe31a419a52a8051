import { db } from "../../db/client";
import { type AllowList, compileAllowList } from "../../http/cidr";
import { type Permission, storedPermissions } from "../permissions";
import { cachedRefusal, cachedVerifiedKey, storeRefusal, storeVerifiedKey } from "./key-cache";

export interface VerifiedApiKey {
  apiKey: { id: string; name: string; prefix: string; lastUsedAt: Date | null };
  org: { id: string; name: string; slug: string };
  /** The key's Allowed addresses, compiled once here and cached with the key: no read per request. */
  allowedAddresses: AllowList;
  /** What the key may do, cached with it too: a permission check costs no read. */
  permissions: Permission[];
  /** As stored, for GET /api/v1/me. */
  allowedAddressList: string[];
  expiresAt: Date | null;
}

/**
 * What a key's hash resolves to. Unknown and revoked keys are one case ("invalid"), so callers
 * cannot answer them differently; `known` (a row exists) is for the failure budget only. An
 * expired key is told apart: only its holder can present it, and "it expired on …" tells them
 * what to do. `rolled`: it expired at the end of a roll's grace period (it has a replacement).
 * `keyId` of a revoked or expired key is for the record of attempts on the key's page only.
 */
export type ApiKeyVerification =
  | { status: "active"; key: VerifiedApiKey }
  | { status: "expired"; expiresAt: Date; rolled: boolean; keyId: string }
  | { status: "invalid"; known: boolean; keyId?: string };

/** What the request knew before the lookup: see key-cache.ts for how each is used. */
export interface VerificationContext {
  /** The key's invalidation version read on this request; undefined when Redis could not say. */
  version: string | null | undefined;
  /** keyCacheGeneration(), taken before anything of the request could be awaited. */
  generation: number;
  requestStartedAt: number;
}

/**
 * This process's cached answer for the hash — verified or refused — or undefined. Without a
 * known version (Redis unreachable) nothing cached is trusted: another instance's revoke
 * could not be seen.
 */
export function cachedVerification(hash: string, version: string | null | undefined): ApiKeyVerification | undefined {
  if (version === undefined) return undefined;
  const now = Date.now();
  const key = cachedVerifiedKey<VerifiedApiKey>(hash, version, now);
  if (key) return { status: "active", key };
  return cachedRefusal<ApiKeyVerification>(hash, version, now);
}

/** One lookup on the hash's unique index; the answer is cached when the version is known. */
export async function verifyFromDatabase(hash: string, context: VerificationContext): Promise<ApiKeyVerification> {
  const found = await lookUpApiKey(hash);
  const { version } = context;
  if (version === undefined) return found.verification;
  const at = { version, generation: context.generation, requestStartedAt: context.requestStartedAt };
  if (found.verification.status === "active") {
    storeVerifiedKey(
      hash,
      found.verification.key,
      { ...at, expiresAt: found.expiresAt?.getTime() ?? null },
      Date.now(),
    );
  } else {
    storeRefusal(hash, found.verification, { ...at, expiresAt: null }, Date.now());
  }
  return found.verification;
}

/** Cached answer, else the database's. */
export async function verifyApiKey(hash: string, context: VerificationContext): Promise<ApiKeyVerification> {
  return cachedVerification(hash, context.version) ?? verifyFromDatabase(hash, context);
}

let lookups = 0;

/** Tests and diagnostics: database lookups of keys made by this process. */
export function apiKeyLookupCount(): number {
  return lookups;
}

/** The database's answer, uncached. */
export async function lookUpApiKey(
  hash: string,
  now: number = Date.now(),
): Promise<{ verification: ApiKeyVerification; expiresAt: Date | null }> {
  lookups += 1;
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
      allowedAddresses: true,
      permissions: true,
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  if (!row) return { verification: { status: "invalid", known: false }, expiresAt: null };
  if (row.revokedAt !== null) {
    return { verification: { status: "invalid", known: true, keyId: row.id }, expiresAt: null };
  }
  if (row.expiresAt !== null && row.expiresAt.getTime() <= now) {
    return {
      verification: { status: "expired", expiresAt: row.expiresAt, rolled: row.replacedById !== null, keyId: row.id },
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
        allowedAddresses: compileAllowList(row.allowedAddresses),
        permissions: storedPermissions(row.permissions),
        allowedAddressList: row.allowedAddresses,
        expiresAt: row.expiresAt,
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
