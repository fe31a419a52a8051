import type { Prisma } from "../db/generated/client";
import { writeWebhookEvent } from "../webhooks/events";
import { dayBucket, type RecordedRequest } from "./records";

type Tx = Pick<Prisma.TransactionClient, "$queryRaw">;

/**
 * key.still_tried: a batch that holds requests for a revoked or expired key (always refused
 * with 401) reports each such key to webhooks, at most once per key per UTC day — the event's
 * dedupe key — however many flushes, on however many instances, see its requests. A batch with
 * no 401 for a known key costs nothing here.
 */
/** Returns the webhook deliveries it wrote. */
export async function reportStillTried(tx: Tx, requests: readonly RecordedRequest[]): Promise<string[]> {
  const refused = requests.filter((request) => request.status === 401 && (request.keyId || request.keyHash));
  if (refused.length === 0) return [];
  const rows = JSON.stringify(
    refused.map((request) => ({
      keyId: request.keyId ?? null,
      keyHash: request.keyId ? null : request.keyHash,
      at: request.at,
    })),
  );
  const stopped = await tx.$queryRaw<
    { id: string; organizationId: string; attempts: number; lastAt: bigint | number }[]
  >`
    WITH given AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS g("keyId" text, "keyHash" text, "at" bigint)
    )
    SELECT k."id", k."organizationId", COUNT(*)::int AS "attempts", MAX(g."at") AS "lastAt"
    FROM given g JOIN "ApiKey" k ON k."id" = g."keyId" OR (g."keyId" IS NULL AND k."hash" = g."keyHash")
    WHERE to_timestamp(g."at" / 1000.0) AT TIME ZONE 'UTC' >= COALESCE(k."revokedAt", k."expiresAt")
    GROUP BY k."id", k."organizationId"
    ORDER BY k."id"`;
  const deliveries: string[] = [];
  for (const key of stopped) {
    const lastAt = Number(key.lastAt);
    const written = await writeWebhookEvent(tx, {
      organizationId: key.organizationId,
      type: "key.still_tried",
      keyId: key.id,
      actor: { type: "system", name: "Request log" },
      data: { attempts: key.attempts, lastTriedAt: new Date(lastAt).toISOString() },
      dedupeKey: `key.still_tried:${key.id}:${new Date(dayBucket(lastAt)).toISOString().slice(0, 10)}`,
      now: new Date(),
    });
    deliveries.push(...written);
  }
  return deliveries;
}
