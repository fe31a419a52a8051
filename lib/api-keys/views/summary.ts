import { z } from "zod";
import { db } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { activeKeyLimit } from "../limits";
import { type Permission, storedPermissions } from "../permissions";
import { slotKeyWhere } from "../state";

/** A key as the settings table shows it. Built field by field: it cannot carry the hash. */
export interface ApiKeySummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** Null → "Unknown": the creator was deleted, left the workspace, or the key predates the column. */
  createdByName: string | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  /** Set on a rolled key: the id of the key that replaced it. */
  replacedById: string | null;
  /** Addresses and ranges the key may be used from; empty → any (a roll carries them). */
  allowedAddresses: string[];
  /** The unrevoked key this one replaced (rolled to it), whose grace may still be running. */
  previous: PreviousKey | null;
  /** What the key may do (lib/api-keys/permissions.ts), in canonical order. */
  permissions: Permission[];
  /** Set when the key was created or rolled through the management API: the key that did it. */
  createdByKey: { name: string; prefix: string } | null;
  /** "Keep" on "not used for 30 days" silences key health until then. */
  unusedKeptUntil: Date | null;
}

/** A key with how it ended, for its own page (and the management API). */
export interface ApiKeyDetail extends ApiKeySummary {
  revokedAt: Date | null;
  revokedByName: string | null;
  /** A rolled key's replacement, revoked or not. */
  replacement: { name: string; revoked: boolean } | null;
}

export interface PreviousKey {
  prefix: string;
  /** Always set on a rolled key: the end of its grace period. */
  expiresAt: Date | null;
}

const summaryRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.date(),
    createdByName: z.string().nullable(),
    lastUsedAt: z.date().nullable(),
    expiresAt: z.date().nullable(),
    replacedById: z.string().nullable(),
    allowedAddresses: z.array(z.string()),
    previousPrefix: z.string().nullable(),
    previousExpiresAt: z.date().nullable(),
    permissions: z.array(z.string()),
    createdByKeyName: z.string().nullable(),
    createdByKeyPrefix: z.string().nullable(),
    revokedAt: z.date().nullable(),
    revokedByName: z.string().nullable(),
    replacementName: z.string().nullable(),
    replacementRevoked: z.boolean().nullable(),
    unusedKeptUntil: z.date().nullable(),
  })
  .transform(
    ({
      previousPrefix,
      previousExpiresAt,
      permissions,
      createdByKeyName,
      createdByKeyPrefix,
      replacementName,
      replacementRevoked,
      ...key
    }): ApiKeyDetail => ({
      ...key,
      previous: previousPrefix === null ? null : { prefix: previousPrefix, expiresAt: previousExpiresAt },
      permissions: storedPermissions(permissions),
      createdByKey:
        createdByKeyName === null || createdByKeyPrefix === null
          ? null
          : { name: createdByKeyName, prefix: createdByKeyPrefix },
      replacement: replacementName === null ? null : { name: replacementName, revoked: replacementRevoked === true },
    }),
  );

/**
 * The one way an ApiKeySummary is built: one statement with the creator joined (Prisma sends
 * one per relation); the membership join says whether the creator is still in the organization.
 * The key each one replaced (at most one: replacedById is unique) tells the Roll dialog whether a
 * grace period is still running. `client` is a transaction when a command reports what it made.
 */
export async function selectSummaries(
  client: Pick<Prisma.TransactionClient, "$queryRaw">,
  organizationId: string,
  only: Prisma.Sql,
  limit: number | null = null,
): Promise<ApiKeyDetail[]> {
  // People who left the organization are "Unknown" (null), as in the table.
  const rows = await client.$queryRaw<unknown[]>`
    SELECT k."id", k."name", k."prefix", k."createdAt", k."lastUsedAt", k."expiresAt", k."replacedById",
      k."allowedAddresses", k."permissions", k."revokedAt", k."unusedKeptUntil",
      CASE WHEN cm."id" IS NOT NULL THEN u."name" END AS "createdByName",
      ck."name" AS "createdByKeyName", ck."prefix" AS "createdByKeyPrefix",
      CASE WHEN rm."id" IS NOT NULL THEN ru."name" END AS "revokedByName",
      nk."name" AS "replacementName", (nk."revokedAt" IS NOT NULL) AS "replacementRevoked",
      pk."prefix" AS "previousPrefix", pk."expiresAt" AS "previousExpiresAt"
    FROM "ApiKey" k
    LEFT JOIN "User" u ON u."id" = k."createdById"
    LEFT JOIN "Membership" cm ON cm."userId" = k."createdById" AND cm."organizationId" = k."organizationId"
    LEFT JOIN "ApiKey" ck ON ck."id" = k."createdByKeyId"
    LEFT JOIN "User" ru ON ru."id" = k."revokedById"
    LEFT JOIN "Membership" rm ON rm."userId" = k."revokedById" AND rm."organizationId" = k."organizationId"
    LEFT JOIN "ApiKey" nk ON nk."id" = k."replacedById"
    LEFT JOIN "ApiKey" pk ON pk."replacedById" = k."id" AND pk."revokedAt" IS NULL
    WHERE k."organizationId" = ${organizationId} AND ${only}
    ORDER BY k."createdAt" DESC, k."id" DESC
    ${limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`;
  return rows.map((row) => summaryRowSchema.parse(row));
}

/** One key of the organization, revoked or not; null when the organization has no such key. */
export async function findKeyDetail(
  client: Pick<Prisma.TransactionClient, "$queryRaw">,
  organizationId: string,
  keyId: string,
): Promise<ApiKeyDetail | null> {
  const [detail] = await selectSummaries(client, organizationId, Prisma.sql`k."id" = ${keyId}`);
  return detail ?? null;
}

/** A key a command has just written, as the table will show it. */
export async function keySummary(
  client: Pick<Prisma.TransactionClient, "$queryRaw">,
  organizationId: string,
  keyId: string,
): Promise<ApiKeyDetail> {
  const detail = await findKeyDetail(client, organizationId, keyId);
  if (!detail) throw new Error(`key ${keyId} is not in organization ${organizationId}`);
  return detail;
}

/**
 * Every key of the organization that is not revoked — active, rolling or expired — as the
 * table lists them. Expired keys stay until an admin revokes them; only revocation clears a row.
 */
export async function listKeys(organizationId: string): Promise<ApiKeyDetail[]> {
  return withRolledKeysBelowReplacements(await selectSummaries(db, organizationId, Prisma.sql`k."revokedAt" IS NULL`));
}

/** Newest first, except that a rolled key sits right below the key that replaced it. */
function withRolledKeysBelowReplacements<Key extends ApiKeySummary>(keys: Key[]): Key[] {
  const replacedBy = new Map<string, Key[]>();
  const ids = new Set(keys.map((key) => key.id));
  for (const key of keys) {
    if (key.replacedById && ids.has(key.replacedById)) {
      replacedBy.set(key.replacedById, [...(replacedBy.get(key.replacedById) ?? []), key]);
    }
  }
  const ordered: Key[] = [];
  const place = (key: Key) => {
    ordered.push(key);
    for (const older of replacedBy.get(key.id) ?? []) place(older);
  };
  for (const key of keys) if (!key.replacedById || !ids.has(key.replacedById)) place(key);
  return ordered;
}

export interface KeySlots {
  active: number;
  limit: number;
}

export async function keySlots(organizationId: string, now = new Date()): Promise<KeySlots> {
  const [organization, active] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: organizationId }, select: { features: true } }),
    db.apiKey.count({ where: slotKeyWhere(organizationId, now) }),
  ]);
  return { active, limit: activeKeyLimit(organization.features) };
}
