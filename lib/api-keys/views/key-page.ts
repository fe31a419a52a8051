import { z } from "zod";
import { db } from "../../db/client";
import { isRecordId } from "../../db/record-id";
import {
  type KeyUsage,
  type RecentRequest,
  recentRequestsOf,
  type StillTried,
  stillTriedOf,
  usageOf,
} from "../../requests/key-requests";

export {
  CHART_DAYS,
  type OutcomeCounts,
  RECENT_REQUESTS_LIMIT,
  type RecentRequest,
  type StillTried,
} from "../../requests/key-requests";

import { maskedKey } from "../format";
import { keyStatus } from "../state";
import { type ApiKeyRow, toApiKeyRow } from "./rows";

/**
 * Everything a key's page shows (Settings → API → a key): the key and who created or revoked it,
 * its requests over 24 hours, 7 and 30 days by outcome, its latest requests, and, for a key that
 * no longer works, who is still trying it. Scoped by the viewer's organization: another
 * organization's key, a malformed id or no such key are all null ("not found").
 */

export type KeyPageStatus = "active" | "rolling" | "expired" | "revoked";

export interface KeyPageData {
  key: {
    id: string;
    name: string;
    maskedKey: string;
    prefix: string;
    status: KeyPageStatus;
    createdAt: string;
    createdByName: string | null;
    lastUsedAt: string | null;
    expiresAt: string | null;
    revokedAt: string | null;
    revokedByName: string | null;
    /** A rolled key: its replacement, if that is not revoked. */
    replacedBy: { id: string; name: string } | null;
    allowedAddresses: string[];
  };
  /** For the shared row dialogs (rename, roll, expiry, revoke); null once revoked. */
  row: ApiKeyRow | null;
  usage: KeyUsage;
  recentRequests: RecentRequest[];
  stillTried: StillTried | null;
}

const keyRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  replacedById: z.string().nullable(),
  allowedAddresses: z.array(z.string()),
  createdByName: z.string().nullable(),
  revokedByName: z.string().nullable(),
  replacementName: z.string().nullable(),
  replacementRevoked: z.boolean().nullable(),
  previousPrefix: z.string().nullable(),
  previousExpiresAt: z.date().nullable(),
});

async function findKey(organizationId: string, keyId: string) {
  // One statement with the people joined; a creator or revoker who left the organization is
  // "Unknown", as in the table.
  const rows = await db.$queryRaw<unknown[]>`
    SELECT k."id", k."name", k."prefix", k."createdAt", k."lastUsedAt", k."expiresAt", k."revokedAt",
      k."replacedById", k."allowedAddresses",
      CASE WHEN cm."id" IS NOT NULL THEN cu."name" END AS "createdByName",
      CASE WHEN rm."id" IS NOT NULL THEN ru."name" END AS "revokedByName",
      nk."name" AS "replacementName", (nk."revokedAt" IS NOT NULL) AS "replacementRevoked",
      pk."prefix" AS "previousPrefix", pk."expiresAt" AS "previousExpiresAt"
    FROM "ApiKey" k
    LEFT JOIN "User" cu ON cu."id" = k."createdById"
    LEFT JOIN "Membership" cm ON cm."userId" = k."createdById" AND cm."organizationId" = k."organizationId"
    LEFT JOIN "User" ru ON ru."id" = k."revokedById"
    LEFT JOIN "Membership" rm ON rm."userId" = k."revokedById" AND rm."organizationId" = k."organizationId"
    LEFT JOIN "ApiKey" nk ON nk."id" = k."replacedById"
    LEFT JOIN "ApiKey" pk ON pk."replacedById" = k."id" AND pk."revokedAt" IS NULL
    WHERE k."id" = ${keyId} AND k."organizationId" = ${organizationId}`;
  return rows.length === 0 ? null : keyRowSchema.parse(rows[0]);
}

export async function loadKeyPage(
  organizationId: string,
  keyId: string,
  now = new Date(),
): Promise<KeyPageData | null> {
  if (!isRecordId(keyId)) return null;
  const key = await findKey(organizationId, keyId);
  if (!key) return null;
  const status: KeyPageStatus = key.revokedAt !== null ? "revoked" : keyStatus(key, now);
  const stoppedAt = key.revokedAt ?? (status === "expired" && key.expiresAt !== null ? key.expiresAt : null);
  const [usage, recentRequests, stillTried] = await Promise.all([
    usageOf(key.id, now),
    recentRequestsOf(key.id),
    stoppedAt ? stillTriedOf(key.id, stoppedAt, now) : null,
  ]);
  const row =
    key.revokedAt === null
      ? toApiKeyRow(
          {
            ...key,
            previous:
              key.previousPrefix === null ? null : { prefix: key.previousPrefix, expiresAt: key.previousExpiresAt },
          },
          {
            hourly: [],
            requests24h: usage.last24h.requests,
            rateLimited24h: usage.last24h.rateLimited,
            requests7d: usage.last7d.requests,
            rateLimited7d: usage.last7d.rateLimited,
          },
        )
      : null;
  return {
    key: {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      maskedKey: maskedKey(key.prefix),
      status,
      createdAt: key.createdAt.toISOString(),
      createdByName: key.createdByName,
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      revokedByName: key.revokedByName,
      replacedBy:
        key.replacedById && key.replacementName !== null && !key.replacementRevoked
          ? { id: key.replacedById, name: key.replacementName }
          : null,
      allowedAddresses: key.allowedAddresses,
    },
    row,
    usage,
    recentRequests,
    stillTried,
  };
}
