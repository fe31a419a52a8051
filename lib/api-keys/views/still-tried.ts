import { db } from "../../db/client";

/** A revoked or expired key of the organization that was tried in the last 24 hours. */
export interface StillTriedKey {
  id: string;
  name: string;
  prefix: string;
  /** Attempts since it stopped working, within the last 24 hours. */
  attempts: number;
}

/** Keys named in the Settings → API notice; the rest are behind "and N more". */
export const STILL_TRIED_SHOWN = 5;

/**
 * For the Settings → API notice: revoked and expired keys that requests still came in for, most
 * tried first. One statement: the organization's stopped keys (its revokedAt index), each probed
 * on ApiRequest's (apiKeyId, at) index for the last 24 hours after it stopped.
 */
export async function stillTriedKeys(organizationId: string, now = new Date()): Promise<StillTriedKey[]> {
  const nowText = now.toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const rows = await db.$queryRaw<{ id: string; name: string; prefix: string; attempts: number }[]>`
    SELECT k."id", k."name", k."prefix", COUNT(*)::int AS "attempts"
    FROM "ApiKey" k
    JOIN "ApiRequest" r ON r."apiKeyId" = k."id"
      AND r."at" >= ${dayAgo}::timestamp
      AND r."at" >= COALESCE(k."revokedAt", k."expiresAt")
    WHERE k."organizationId" = ${organizationId}
      AND (k."revokedAt" IS NOT NULL OR k."expiresAt" <= ${nowText}::timestamp)
    GROUP BY k."id", k."name", k."prefix"
    ORDER BY "attempts" DESC, k."name"
    LIMIT ${STILL_TRIED_SHOWN + 1}`;
  return rows.map((row) => ({ id: row.id, name: row.name, prefix: row.prefix, attempts: Number(row.attempts) }));
}
