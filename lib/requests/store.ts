import { db } from "../db/client";
import type { PrismaClient } from "../db/generated/client";
import { deliverAfterResponse } from "../webhooks/dispatch";
import { writeNetworks } from "./key-networks";
import { raiseNetworkAlerts } from "./network-alerts";
import { writePermissionUse } from "./permission-use";
import type { PendingCount, RecordedRequest } from "./records";
import { reportStillTried } from "./still-tried-events";

/** The latest requests kept per key (the key page shows 100). */
export const KEPT_REQUESTS_PER_KEY = 1_000;

/** How long a batch's transaction may take, waits on row locks included, before it is rolled back. */
const BATCH_TIMEOUT_MS = 30_000;

type Sql = Pick<PrismaClient, "$executeRaw" | "$queryRaw">;

/**
 * Writes one batch of recorded requests, exactly once: its counts, its requests and what
 * key-networks.ts keeps of them (the networks and permissions each key used, new-network alerts
 * with their emails) in ONE
 * transaction that first inserts the batch's id into "RequestBatch". If that row already exists
 * the batch was written before (a retry after an ambiguous COMMIT, a sweep of a claim whose
 * writer was slow or died) and nothing is written: returns false. Two transactions writing the
 * same batch at once cannot both write it either: the second waits on the first's uncommitted
 * row and then finds it (first committed) or inserts its own (first rolled back).
 * Throws when the transaction failed; nothing of the batch is then written.
 */
export async function applyBatch(
  batchId: string,
  counts: PendingCount[],
  requests: RecordedRequest[],
): Promise<boolean> {
  const deliveries: string[] = [];
  const applied = await db.$transaction(
    async (tx) => {
      const fresh = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "RequestBatch" ("id", "appliedAt") VALUES (${batchId}, now() AT TIME ZONE 'UTC')
        ON CONFLICT ("id") DO NOTHING RETURNING "id"`;
      if (fresh.length === 0) return false;
      // Networks first: what is new to a key is judged on the counts of earlier batches only.
      const newNetworks = await writeNetworks(tx, requests);
      if (counts.length > 0) await writeCounts(tx, counts);
      if (requests.length > 0) await writeRequests(tx, requests);
      await writePermissionUse(tx, requests);
      deliveries.push(...(await reportStillTried(tx, requests)));
      // Last: it locks the keys' rows, which nothing later in the transaction waits on.
      deliveries.push(...(await raiseNetworkAlerts(tx, newNetworks)));
      return true;
    },
    { maxWait: 10_000, timeout: BATCH_TIMEOUT_MS },
  );
  // Webhook events the batch raised (a new network, a stopped key still tried) go out now.
  if (deliveries.length > 0) deliverAfterResponse(deliveries);
  return applied;
}

/**
 * One INSERT … ON CONFLICT for the whole batch. Rows are passed as one JSON parameter (the same
 * on Postgres and the embedded database), joined to "ApiKey" by id or by hash, summed per key
 * and hour (a statement may not update one row twice), and inserted in key order, so two
 * instances flushing overlapping rows at once lock them in the same order and cannot deadlock.
 * Buckets travel as epoch milliseconds and are stored as UTC wall-clock `timestamp`s, Prisma's
 * convention, without depending on the session's time zone.
 */
async function writeCounts(tx: Sql, batch: PendingCount[]): Promise<void> {
  const rows = JSON.stringify(
    batch.map((row) => ({
      keyId: row.byHash ? null : row.ref,
      keyHash: row.byHash ? row.ref : null,
      bucket: row.bucket,
      requests: row.requests,
      rateLimited: row.rateLimited,
      clientErrors: row.clientErrors,
      serverErrors: row.serverErrors,
    })),
  );
  await tx.$executeRaw`
    WITH counts AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb)
        AS c("keyId" text, "keyHash" text, "bucket" bigint, "requests" int, "rateLimited" int,
             "clientErrors" int, "serverErrors" int)
    ), resolved AS (
      SELECT k."id" AS "apiKeyId", c.* FROM counts c JOIN "ApiKey" k ON k."id" = c."keyId"
      UNION ALL
      SELECT k."id", c.* FROM counts c JOIN "ApiKey" k ON k."hash" = c."keyHash"
    )
    INSERT INTO "ApiKeyUsage" ("apiKeyId", "bucket", "requests", "rateLimited", "clientErrors", "serverErrors")
    SELECT "apiKeyId", to_timestamp("bucket" / 1000.0) AT TIME ZONE 'UTC',
        SUM("requests"), SUM("rateLimited"), SUM("clientErrors"), SUM("serverErrors")
      FROM resolved
      GROUP BY "apiKeyId", "bucket"
      ORDER BY "apiKeyId", "bucket"
    ON CONFLICT ("apiKeyId", "bucket") DO UPDATE SET
      "requests" = "ApiKeyUsage"."requests" + EXCLUDED."requests",
      "rateLimited" = "ApiKeyUsage"."rateLimited" + EXCLUDED."rateLimited",
      "clientErrors" = "ApiKeyUsage"."clientErrors" + EXCLUDED."clientErrors",
      "serverErrors" = "ApiKeyUsage"."serverErrors" + EXCLUDED."serverErrors"`;
}

/**
 * The requests themselves, in one INSERT, then the keys they belong to trimmed to their latest
 * KEPT_REQUESTS_PER_KEY (the retention job removes what is older than the usage retention).
 */
async function writeRequests(tx: Sql, batch: RecordedRequest[]): Promise<void> {
  const rows = JSON.stringify(
    batch.map((request) => ({
      keyId: request.keyId ?? null,
      keyHash: request.keyId ? null : (request.keyHash ?? null),
      at: request.at,
      method: request.method,
      path: request.path,
      status: request.status,
      clientAddress: request.clientAddress,
      userAgent: request.userAgent,
      durationMs: Math.max(0, Math.round(request.durationMs)),
    })),
  );
  const keyIds = await tx.$queryRaw<{ apiKeyId: string }[]>`
    WITH given AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb)
        AS r("keyId" text, "keyHash" text, "at" bigint, "method" text, "path" text, "status" int,
             "clientAddress" text, "userAgent" text, "durationMs" int)
    ), inserted AS (
      INSERT INTO "ApiRequest" ("apiKeyId", "at", "method", "path", "status", "clientAddress", "userAgent", "durationMs")
      SELECT k."id", to_timestamp(g."at" / 1000.0) AT TIME ZONE 'UTC', g."method", g."path", g."status",
          g."clientAddress", g."userAgent", g."durationMs"
        FROM given g JOIN "ApiKey" k ON k."id" = g."keyId" OR (g."keyId" IS NULL AND k."hash" = g."keyHash")
      RETURNING "apiKeyId"
    )
    SELECT DISTINCT "apiKeyId" FROM inserted`;
  if (keyIds.length === 0) return;
  await tx.$executeRaw`
    DELETE FROM "ApiRequest" r USING (
      SELECT "id" FROM (
        SELECT "id", row_number() OVER (PARTITION BY "apiKeyId" ORDER BY "at" DESC, "id" DESC) AS n
          FROM "ApiRequest" WHERE "apiKeyId" = ANY(${keyIds.map((row) => row.apiKeyId)}::text[])
      ) ranked WHERE n > ${KEPT_REQUESTS_PER_KEY}
    ) old WHERE r."id" = old."id"`;
}
