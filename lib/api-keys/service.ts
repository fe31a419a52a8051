import { db } from "../db/client";
import { generateApiKey } from "./format";
import { invalidateApiKey } from "./invalidation";
import { activeKeyLimit } from "./limits";

export type ApiKeyErrorCode = "limit_reached" | "not_found";

export class ApiKeyError extends Error {
  constructor(
    readonly code: ApiKeyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiKeyError";
  }
}

/** A key as the settings table shows it. Built field by field: it cannot carry the hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** Null → "Unknown": the creator was deleted, left the workspace, or the key predates the column. */
  createdByName: string | null;
  lastUsedAt: Date | null;
}

export async function listActiveKeys(organizationId: string): Promise<ApiKeySummary[]> {
  const keys = await db.apiKey.findMany({
    where: { organizationId, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      createdBy: {
        select: { name: true, memberships: { where: { organizationId }, select: { id: true } } },
      },
    },
  });
  return keys.map((key) => ({
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    createdByName: key.createdBy && key.createdBy.memberships.length > 0 ? key.createdBy.name : null,
  }));
}

export interface KeyUsage {
  active: number;
  limit: number;
}

export async function keyUsage(organizationId: string): Promise<KeyUsage> {
  const [organization, active] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { features: true } }),
    db.apiKey.count({ where: { organizationId, revokedAt: null } }),
  ]);
  return { active, limit: activeKeyLimit(organization.features) };
}

export interface CreatedApiKey {
  /** The full key. Returned once, to be shown once; never stored or logged. */
  key: string;
  summary: ApiKeySummary;
}

export async function createApiKey(input: {
  organizationId: string;
  userId: string;
  name: string;
}): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  return db.$transaction(async (tx) => {
    // Locking the organization row serialises concurrent creates for one org, so the count
    // below cannot be raced past the limit (20 parallel creates with one free slot → one key).
    const [organization] = await tx.$queryRaw<{ features: string[] }[]>`
      SELECT "features" FROM "Organization" WHERE "id" = ${input.organizationId} FOR UPDATE`;
    if (!organization) throw new ApiKeyError("not_found", "This organization no longer exists.");
    const limit = activeKeyLimit(organization.features);
    const active = await tx.apiKey.count({ where: { organizationId: input.organizationId, revokedAt: null } });
    if (active >= limit) {
      throw new ApiKeyError(
        "limit_reached",
        `Your organization has reached its limit of ${limit} active keys. Revoke an unused key to free up a slot.`,
      );
    }
    const created = await tx.apiKey.create({
      data: {
        organizationId: input.organizationId,
        name: input.name,
        prefix: generated.prefix,
        hash: generated.hash,
        createdById: input.userId,
      },
      select: { id: true, name: true, prefix: true, createdAt: true, createdBy: { select: { name: true } } },
    });
    return {
      key: generated.key,
      summary: {
        id: created.id,
        name: created.name,
        prefix: created.prefix,
        createdAt: created.createdAt,
        createdByName: created.createdBy?.name ?? null,
        lastUsedAt: null,
      },
    };
  });
}

/**
 * Revokes an active key of the organization. One UPDATE guarded by `revokedAt IS NULL`, so of
 * many concurrent revokes exactly one succeeds; a key of another organization is "not found".
 */
export async function revokeApiKey(input: {
  organizationId: string;
  userId: string;
  keyId: string;
}): Promise<{ id: string; name: string; hash: string }> {
  const revokedAt = new Date();
  const { count } = await db.apiKey.updateMany({
    where: { id: input.keyId, organizationId: input.organizationId, revokedAt: null },
    data: { revokedAt, revokedById: input.userId },
  });
  if (count === 0) {
    throw new ApiKeyError("not_found", "This key doesn't exist or has already been revoked.");
  }
  const key = await db.apiKey.findUniqueOrThrow({
    where: { id: input.keyId },
    select: { id: true, name: true, hash: true },
  });
  await invalidateApiKey(key.hash);
  return key;
}
