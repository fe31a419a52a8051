import { db } from "../../db/client";
import { Prisma } from "../../db/generated/client";
import { encodeKeysetCursor, type KeysetPosition } from "../../db/keyset-cursor";
import { keyStatus } from "../state";
import { type ApiKeyDetail, selectSummaries } from "./summary";

/** A key's state as the management API names it (the table's three, and revoked). */
export const KEY_STATUSES = ["active", "rolling", "expired", "revoked"] as const;
export type PublicKeyStatus = (typeof KEY_STATUSES)[number];

export function publicKeyStatus(key: Pick<ApiKeyDetail, "revokedAt" | "expiresAt" | "replacedById">, now: Date) {
  return key.revokedAt !== null ? "revoked" : keyStatus(key, now);
}

/** createdAt is a UTC wall-clock timestamp(3): bounds go in as ISO text cast to timestamp. */
const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

/** The condition of each status, the same rules as keyStatus (lib/api-keys/state.ts). */
function statusCondition(status: PublicKeyStatus, now: Date): Prisma.Sql {
  const live = Prisma.sql`(k."expiresAt" IS NULL OR k."expiresAt" > ${utc(now)})`;
  switch (status) {
    case "revoked":
      return Prisma.sql`k."revokedAt" IS NOT NULL`;
    case "expired":
      return Prisma.sql`k."revokedAt" IS NULL AND k."expiresAt" <= ${utc(now)}`;
    case "rolling":
      return Prisma.sql`k."revokedAt" IS NULL AND k."replacedById" IS NOT NULL AND ${live}`;
    case "active":
      return Prisma.sql`k."revokedAt" IS NULL AND k."replacedById" IS NULL AND ${live}`;
  }
}

export interface KeyListQuery {
  limit: number;
  cursor?: KeysetPosition;
  status?: PublicKeyStatus;
}

/**
 * Every key of the organization, revoked ones included, newest first by (createdAt, id): one
 * statement per page, cursor as in the call list and Activity (lib/db/keyset-cursor.ts).
 */
export async function listKeyPage(
  organizationId: string,
  query: KeyListQuery,
  now = new Date(),
): Promise<{ keys: ApiKeyDetail[]; nextCursor: string | null }> {
  const conditions: Prisma.Sql[] = [];
  if (query.status) conditions.push(statusCondition(query.status, now));
  if (query.cursor)
    conditions.push(Prisma.sql`(k."createdAt", k."id") < (${utc(query.cursor.at)}, ${query.cursor.id})`);
  const only = conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
  const rows = await selectSummaries(db, organizationId, only, query.limit + 1);
  const keys = rows.slice(0, query.limit);
  const last = keys.at(-1);
  const nextCursor = rows.length > query.limit && last ? encodeKeysetCursor({ at: last.createdAt, id: last.id }) : null;
  return { keys, nextCursor };
}
