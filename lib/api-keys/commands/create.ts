import type { Prisma } from "../../db/generated/client";
import { ApiKeyError } from "../errors";
import { expiresAtFor, lifetimeDays } from "../expiry";
import { type GeneratedKey, generateApiKey } from "../format";
import { activeKeyLimit } from "../limits";
import { describePermissions, normalizePermissions, type Permission, presetOf } from "../permissions";
import type { KeyPolicy } from "../policies";
import type { CarriedField } from "../roll-carries";
import { slotKeyWhere } from "../state";
import { rememberKeyHash } from "../verification/known-hashes";
import { type ApiKeyDetail, keySummary } from "../views/summary";
import { type Actor, assertMayGrant, assertWithinPolicy, inOrganization } from "./key-change";

export interface CreatedApiKey {
  /** The full key. Returned once, to be shown once; never stored or logged. */
  key: string;
  summary: ApiKeyDetail;
}

export interface NewKey {
  name: string;
  /** Null or absent → the key never expires (or expiresAt, from the management API). */
  expiresInDays?: number | null;
  expiresAt?: Date | null;
  /** Absent → DEFAULT_PERMISSIONS. */
  permissions?: readonly Permission[];
  allowedAddresses?: string[];
  /** The management API's Idempotency-Key header: a retry within 24 h creates nothing. */
  idempotencyKey?: string;
}

/** Creates a key within the organization's limit of active keys. */
export async function createApiKey(input: Actor & NewKey): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const expiresInDays = input.expiresInDays ?? null;
  const summary = await inOrganization(input, async ({ tx, features, policy, now, audit }) => {
    // Absent permissions → the organization's default (Read calls unless a policy says otherwise).
    const permissions = normalizePermissions(input.permissions ?? policy.defaultPermissions);
    assertMayGrant(input, permissions);
    if (input.idempotencyKey !== undefined)
      await refuseReusedIdempotencyKey(tx, input.organizationId, input.idempotencyKey, now);
    const limit = activeKeyLimit(features);
    const active = await tx.apiKey.count({ where: slotKeyWhere(input.organizationId, now) });
    if (active >= limit) {
      throw new ApiKeyError("limit_reached", keyLimitMessage(limit));
    }
    const created = await insertApiKey(tx, policy, generated, {
      organizationId: input.organizationId,
      userId: input.userId,
      createdByKeyId: input.apiKey?.id ?? null,
      name: input.name,
      permissions,
      allowedAddresses: input.allowedAddresses ?? [],
      createdAt: now,
      expiresAt: input.expiresAt !== undefined ? input.expiresAt : expiresAtFor(expiresInDays, now),
    });
    if (input.idempotencyKey !== undefined) {
      await tx.idempotencyKey.create({
        data: {
          organizationId: input.organizationId,
          key: input.idempotencyKey,
          createdKeyId: created.id,
          createdAt: now,
        },
      });
    }
    const lifetime = created.expiresAt ? lifetimeDays(now, created.expiresAt) : null;
    // The permissions are named in Activity when they are not what every key had before.
    const named =
      presetOf(permissions) === "read_calls" ? {} : { permissions, permissionsLabel: describePermissions(permissions) };
    await audit(created, { action: "api_key.created", details: { expiresInDays: lifetime, ...named } });
    return created;
  });
  rememberKeyHash(generated.hash);
  return { key: generated.key, summary };
}

/**
 * What a new key is given: the attributes a roll carries (lib/api-keys/roll-carries.ts; create
 * sets them from its form, and may leave out those with a default, e.g. no allowed addresses),
 * plus who made it, when, and when it expires.
 */
export type NewKeyRow = Pick<Prisma.ApiKeyUncheckedCreateInput, CarriedField> & {
  organizationId: string;
  /** The member who made it; null when an API key did (createdByKeyId). */
  userId: string | null;
  createdByKeyId: string | null;
  createdAt: Date;
  expiresAt: Date | null;
};

/** The one place a key row is written (create and roll): only its hash and display prefix. */
export async function insertApiKey(
  tx: Prisma.TransactionClient,
  policy: KeyPolicy,
  generated: GeneratedKey,
  row: NewKeyRow,
): Promise<ApiKeyDetail> {
  const { userId, createdByKeyId, createdAt, expiresAt, ...carried } = row;
  // A new key (created or rolled) keeps every policy of its organization.
  assertWithinPolicy(
    policy,
    {
      expiresAt,
      permissions: (carried.permissions as string[] | undefined) ?? [],
      allowedAddresses: (carried.allowedAddresses as string[] | undefined) ?? [],
    },
    createdAt,
  );
  const created = await tx.apiKey.create({
    data: {
      ...carried,
      prefix: generated.prefix,
      hash: generated.hash,
      createdById: userId,
      createdByKeyId,
      createdAt,
      expiresAt,
    },
    select: { id: true },
  });
  return keySummary(tx, row.organizationId, created.id);
}

/** How long a create's Idempotency-Key is remembered. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * A create retried with the same Idempotency-Key within 24 h: the first one's key is named, not
 * sent again (its secret was never stored). A row older than the window is replaced.
 */
async function refuseReusedIdempotencyKey(
  tx: Prisma.TransactionClient,
  organizationId: string,
  key: string,
  now: Date,
): Promise<void> {
  const earlier = await tx.idempotencyKey.findUnique({
    where: { organizationId_key: { organizationId, key } },
    select: { createdAt: true, createdKey: { select: { id: true, prefix: true } } },
  });
  if (!earlier) return;
  if (now.getTime() - earlier.createdAt.getTime() >= IDEMPOTENCY_WINDOW_MS) {
    await tx.idempotencyKey.delete({ where: { organizationId_key: { organizationId, key } } });
    return;
  }
  throw new IdempotencyKeyReused(earlier.createdKey);
}

/** Refusal of a retried create; carries the key the first request made. */
export class IdempotencyKeyReused extends Error {
  override name = "IdempotencyKeyReused";
  constructor(readonly createdKey: { id: string; prefix: string }) {
    super(
      `This Idempotency-Key was already used to create key ${createdKey.id} (${createdKey.prefix}…). ` +
        "Its secret was shown only in that first response; if it was lost, revoke that key and create a new one.",
    );
  }
}

export function keyLimitMessage(limit: number): string {
  return `Your organization has reached its limit of ${limit} active keys. Revoke an unused key to free up a slot.`;
}
