import { z } from "zod";
import { recordAuditEvent } from "../audit/events";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { DomainError } from "../domain-error";
import { expiresAtFor } from "./expiry";
import { type GeneratedKey, generateApiKey } from "./format";
import { invalidateApiKey } from "./invalidation";
import { rememberKeyHash } from "./known-hashes";
import { activeKeyLimit } from "./limits";
import type { CarriedField } from "./roll-carries";
import { slotKeyWhere } from "./state";

/** A key operation refused for a reason the admin can act on (see lib/domain-error.ts). */
export class ApiKeyError extends DomainError {
  override name = "ApiKeyError";
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
  expiresAt: Date | null;
  /** Set on a rolled key: the id of the key that replaced it. */
  replacedById: string | null;
  /** Addresses and ranges the key may be used from; empty → any (a roll carries them). */
  allowedAddresses: string[];
  /** The unrevoked key this one replaced (rolled to it), whose grace may still be running. */
  previous: PreviousKey | null;
}

export interface PreviousKey {
  prefix: string;
  /** Always set on a rolled key: the end of its grace period. */
  expiresAt: Date | null;
}

/**
 * Takes the organization's row lock for the rest of the transaction and returns its flags.
 * Every key mutation starts here, so they run one at a time per organization: the active-key
 * count cannot be raced past the limit (20 parallel creates with one free slot → one key), two
 * rolls of one key cannot both succeed, and all take their locks in one order (organization,
 * then key rows; the audit insert's foreign-key check needs the organization row too), so they
 * cannot deadlock each other.
 */
export async function lockOrganization(tx: Prisma.TransactionClient, organizationId: string): Promise<string[]> {
  const [organization] = await tx.$queryRaw<{ features: string[] }[]>`
    SELECT "features" FROM "Organization" WHERE "id" = ${organizationId} FOR UPDATE`;
  if (!organization) throw new ApiKeyError("not_found", "This organization no longer exists.");
  return organization.features;
}

const SUMMARY_SELECT = (organizationId: string) =>
  ({
    id: true,
    name: true,
    prefix: true,
    createdAt: true,
    lastUsedAt: true,
    expiresAt: true,
    replacedById: true,
    allowedAddresses: true,
    replaces: { select: { prefix: true, expiresAt: true, revokedAt: true } },
    createdBy: {
      select: { name: true, memberships: { where: { organizationId }, select: { id: true } } },
    },
  }) satisfies Prisma.ApiKeySelect;

type SummaryRow = Prisma.ApiKeyGetPayload<{ select: ReturnType<typeof SUMMARY_SELECT> }>;

function toSummary(key: SummaryRow): ApiKeySummary {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    replacedById: key.replacedById,
    createdByName: key.createdBy && key.createdBy.memberships.length > 0 ? key.createdBy.name : null,
    allowedAddresses: key.allowedAddresses,
    previous:
      key.replaces && key.replaces.revokedAt === null
        ? { prefix: key.replaces.prefix, expiresAt: key.replaces.expiresAt }
        : null,
  };
}

/** Newest first, except that a rolled key sits right below the key that replaced it. */
function withRolledKeysBelowReplacements(keys: ApiKeySummary[]): ApiKeySummary[] {
  const replacedBy = new Map<string, ApiKeySummary[]>();
  const ids = new Set(keys.map((key) => key.id));
  for (const key of keys) {
    if (key.replacedById && ids.has(key.replacedById)) {
      replacedBy.set(key.replacedById, [...(replacedBy.get(key.replacedById) ?? []), key]);
    }
  }
  const ordered: ApiKeySummary[] = [];
  const place = (key: ApiKeySummary) => {
    ordered.push(key);
    for (const older of replacedBy.get(key.id) ?? []) place(older);
  };
  for (const key of keys) if (!key.replacedById || !ids.has(key.replacedById)) place(key);
  return ordered;
}

/**
 * Every key of the organization that is not revoked — active, rolling or expired — as the
 * table lists them. Expired keys stay until an admin revokes them; only revocation clears a row.
 */
export async function listKeys(organizationId: string): Promise<ApiKeySummary[]> {
  // One statement with the creator joined (Prisma sends one per relation); the membership join
  // says whether the creator is still in the organization. The key each one replaced (at most one:
  // replacedById is unique) tells the Roll dialog whether a grace period is still running.
  const rows = await db.$queryRaw<unknown[]>`
    SELECT k."id", k."name", k."prefix", k."createdAt", k."lastUsedAt", k."expiresAt", k."replacedById",
      k."allowedAddresses",
      CASE WHEN cm."id" IS NOT NULL THEN u."name" END AS "createdByName",
      pk."prefix" AS "previousPrefix", pk."expiresAt" AS "previousExpiresAt"
    FROM "ApiKey" k
    LEFT JOIN "User" u ON u."id" = k."createdById"
    LEFT JOIN "Membership" cm ON cm."userId" = k."createdById" AND cm."organizationId" = k."organizationId"
    LEFT JOIN "ApiKey" pk ON pk."replacedById" = k."id" AND pk."revokedAt" IS NULL
    WHERE k."organizationId" = ${organizationId} AND k."revokedAt" IS NULL
    ORDER BY k."createdAt" DESC, k."id" DESC`;
  return withRolledKeysBelowReplacements(rows.map((row) => summaryRowSchema.parse(row)));
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
  })
  .transform(
    ({ previousPrefix, previousExpiresAt, ...key }): ApiKeySummary => ({
      ...key,
      previous: previousPrefix === null ? null : { prefix: previousPrefix, expiresAt: previousExpiresAt },
    }),
  );

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

export interface CreatedApiKey {
  /** The full key. Returned once, to be shown once; never stored or logged. */
  key: string;
  summary: ApiKeySummary;
}

export async function createApiKey(input: {
  organizationId: string;
  userId: string;
  name: string;
  /** Null or absent → the key never expires. */
  expiresInDays?: number | null;
}): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const expiresInDays = input.expiresInDays ?? null;
  const result = await db.$transaction(async (tx) => {
    const limit = activeKeyLimit(await lockOrganization(tx, input.organizationId));
    const now = new Date();
    const active = await tx.apiKey.count({ where: slotKeyWhere(input.organizationId, now) });
    if (active >= limit) {
      throw new ApiKeyError(
        "limit_reached",
        `Your organization has reached its limit of ${limit} active keys. Revoke an unused key to free up a slot.`,
      );
    }
    const created = await insertApiKey(tx, generated, {
      organizationId: input.organizationId,
      userId: input.userId,
      name: input.name,
      createdAt: now,
      expiresAt: expiresAtFor(expiresInDays, now),
    });
    await recordAuditEvent(
      tx,
      { ...auditSubject(input, created), keyName: created.name },
      { action: "api_key.created", details: { expiresInDays } },
    );
    return { key: generated.key, summary: created };
  });
  rememberKeyHash(generated.hash);
  return result;
}

/**
 * What a new key is given: the attributes a roll carries (lib/api-keys/roll-carries.ts; create
 * sets them from its form, and may leave out those with a default, e.g. no allowed addresses),
 * plus who made it, when, and when it expires.
 */
export type NewKeyRow = Pick<Prisma.ApiKeyUncheckedCreateInput, CarriedField> & {
  organizationId: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date | null;
};

/** The one place a key row is written (create and roll): only its hash and display prefix. */
export async function insertApiKey(
  tx: Prisma.TransactionClient,
  generated: GeneratedKey,
  row: NewKeyRow,
): Promise<ApiKeySummary> {
  const { userId, createdAt, expiresAt, ...carried } = row;
  const created = await tx.apiKey.create({
    data: {
      ...carried,
      prefix: generated.prefix,
      hash: generated.hash,
      createdById: userId,
      createdAt,
      expiresAt,
    },
    select: SUMMARY_SELECT(row.organizationId),
  });
  return toSummary(created);
}

export function auditSubject(
  actor: { organizationId: string; userId: string },
  key: { id: string; name: string; prefix: string },
) {
  return {
    organizationId: actor.organizationId,
    actorId: actor.userId,
    apiKeyId: key.id,
    keyName: key.name,
    keyPrefix: key.prefix,
  };
}

/**
 * Revokes a key of the organization (active, rolling or expired). The UPDATE is guarded by
 * `revokedAt IS NULL`, so of many concurrent revokes exactly one succeeds; a key of another
 * organization is "not found". Caches forget the key before this returns.
 */
export async function revokeApiKey(input: {
  organizationId: string;
  userId: string;
  keyId: string;
}): Promise<{ id: string; name: string }> {
  const key = await db.$transaction(async (tx) => {
    const revoked = await revokeInTransaction(tx, input, input.userId, new Date());
    if (!revoked) {
      throw new ApiKeyError("not_found", "This key doesn't exist or has already been revoked.");
    }
    await recordAuditEvent(tx, auditSubject(input, revoked), { action: "api_key.revoked" });
    return revoked;
  });
  // After the commit, before reporting success: no cache may let a revoked key through.
  await invalidateApiKey(key.hash);
  return { id: key.id, name: key.name };
}

/**
 * The revocation itself, shared by the Revoke button and secret scanning: the organization lock,
 * then an UPDATE guarded by `revokedAt IS NULL`. Null when the key is not the organization's or
 * was already revoked. The caller invalidates caches after its commit (invalidateApiKey).
 */
async function revokeInTransaction(
  tx: Prisma.TransactionClient,
  target: { organizationId: string; keyId: string },
  revokedById: string | null,
  now: Date,
) {
  await lockOrganization(tx, target.organizationId);
  const { count } = await tx.apiKey.updateMany({
    where: { id: target.keyId, organizationId: target.organizationId, revokedAt: null },
    data: { revokedAt: now, revokedById },
  });
  if (count === 0) return null;
  return tx.apiKey.findUniqueOrThrow({
    where: { id: target.keyId },
    select: { id: true, name: true, prefix: true, hash: true },
  });
}

export interface LeakReport {
  /** Who reported it, e.g. "github". */
  reporter: string;
  tokenType: string;
  url: string | null;
  source: string | null;
}

/**
 * Revokes a key that secret scanning found in public, at once (no grace period), through the same
 * path as the Revoke button, and records the leak (the notice on Settings → API) and an audit
 * event with no person as actor. Null when the key was already revoked: it is left as it is, and
 * a token reported twice makes one revocation, one event and one notice.
 */
export interface LeakedKey {
  id: string;
  name: string;
  prefix: string;
  revokedAt: Date;
}

/**
 * `notify` runs last in the revocation's transaction (e.g. to enqueue the admins' email in the
 * outbox), so the revocation and its notice commit together; what it returns is `notice`.
 */
export async function revokeLeakedApiKey<Notice = undefined>(
  target: { organizationId: string; keyId: string },
  report: LeakReport,
  notify?: (tx: Prisma.TransactionClient, key: LeakedKey) => Promise<Notice>,
): Promise<(LeakedKey & { leakId: string; notice: Notice | undefined }) | null> {
  const now = new Date();
  const result = await db.$transaction(async (tx) => {
    const revoked = await revokeInTransaction(tx, target, null, now);
    if (!revoked) return null;
    const leak = await tx.keyLeak.create({
      data: {
        organizationId: target.organizationId,
        apiKeyId: revoked.id,
        reporter: report.reporter,
        tokenType: report.tokenType,
        url: report.url,
        source: report.source,
        revokedAt: now,
      },
      select: { id: true },
    });
    await recordAuditEvent(
      tx,
      {
        organizationId: target.organizationId,
        actorId: null,
        apiKeyId: revoked.id,
        keyName: revoked.name,
        keyPrefix: revoked.prefix,
      },
      { action: "api_key.revoked", details: { actor: "secret_scanning", ...report } },
    );
    const key = { id: revoked.id, name: revoked.name, prefix: revoked.prefix, revokedAt: now };
    const notice = notify ? await notify(tx, key) : undefined;
    return { key, hash: revoked.hash, leakId: leak.id, notice };
  });
  if (!result) return null;
  await invalidateApiKey(result.hash);
  return { ...result.key, leakId: result.leakId, notice: result.notice };
}
