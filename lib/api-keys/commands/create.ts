import type { Prisma } from "../../db/generated/client";
import { ApiKeyError } from "../errors";
import { expiresAtFor } from "../expiry";
import { type GeneratedKey, generateApiKey } from "../format";
import { activeKeyLimit } from "../limits";
import type { CarriedField } from "../roll-carries";
import { slotKeyWhere } from "../state";
import { rememberKeyHash } from "../verification/known-hashes";
import { type ApiKeySummary, keySummary } from "../views/summary";
import { type Actor, inOrganization } from "./key-change";

export interface CreatedApiKey {
  /** The full key. Returned once, to be shown once; never stored or logged. */
  key: string;
  summary: ApiKeySummary;
}

/** Creates a key within the organization's limit of active keys. */
export async function createApiKey(
  input: Actor & {
    userId: string;
    name: string;
    /** Null or absent → the key never expires. */
    expiresInDays?: number | null;
  },
): Promise<CreatedApiKey> {
  const generated = generateApiKey();
  const expiresInDays = input.expiresInDays ?? null;
  const summary = await inOrganization(input, async ({ tx, features, now, audit }) => {
    const limit = activeKeyLimit(features);
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
    await audit(created, { action: "api_key.created", details: { expiresInDays } });
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
    data: { ...carried, prefix: generated.prefix, hash: generated.hash, createdById: userId, createdAt, expiresAt },
    select: { id: true },
  });
  return keySummary(tx, row.organizationId, created.id);
}
