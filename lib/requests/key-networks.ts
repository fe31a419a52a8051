import type { Prisma } from "../db/generated/client";
import { networkOf } from "../http/ip-address";
import { dayBucket, type RecordedRequest } from "./records";

/**
 * Flush-time aggregates and the new-network alert (docs/architecture.md, "Networks and
 * permissions a key used"). applyBatch (store.ts) calls these in the batch's transaction, so they
 * are written exactly once in both recording modes and cost no database read per request:
 *
 * - ApiKeyNetwork: per key, network (/24, /48) and UTC day — requests, first and last, the latest
 *   user agent. One INSERT … ON CONFLICT per batch.
 * (ApiKeyPermissionUse, the permissions a key used, is kept next door: permission-use.ts.)
 * - KeyNetworkAlert: a key with an established history (ESTABLISHED_REQUESTS recorded before the
 *   request, or first used more than a day before it) used from a network it had not used in
 *   QUIET_DAYS. Found by the same statement as the network upsert, from what earlier batches
 *   wrote; network-alerts.ts makes at most one alert per key and network in ALERT_EVERY_MS, with
 *   its email and webhook event, in the same transaction.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** A network unused this long is new again. */
export const QUIET_DAYS = 30;
/** A key is established after this many recorded requests… */
export const ESTABLISHED_REQUESTS = 100;
/** …or once its first request is this old. */
export const ESTABLISHED_AGE_MS = DAY_MS;
/** At most one alert per key and network in this long. */
export const ALERT_EVERY_MS = DAY_MS;

type Tx = Prisma.TransactionClient;

interface NetworkRow {
  keyId: string | null;
  keyHash: string | null;
  network: string;
  day: number;
  firstAt: number;
  lastAt: number;
  requests: number;
  lastUserAgent: string | null;
  /** The first request of the row: its address and user agent (for an alert). */
  firstAddress: string;
  firstUserAgent: string | null;
  /** The key's requests in this batch before the row's first one (is the key established by then?). */
  before: number;
}

/** The batch's requests per key reference, network and day, in time order (pure; exported for tests). */
export function networkRows(requests: RecordedRequest[]): NetworkRow[] {
  const byRef = new Map<string, RecordedRequest[]>();
  for (const request of requests) {
    const ref = request.keyId ? `i:${request.keyId}` : request.keyHash ? `h:${request.keyHash}` : null;
    if (ref === null) continue;
    const list = byRef.get(ref);
    if (list) list.push(request);
    else byRef.set(ref, [request]);
  }
  const rows: NetworkRow[] = [];
  for (const list of byRef.values()) {
    list.sort((a, b) => a.at - b.at);
    const mine = new Map<string, NetworkRow>();
    list.forEach((request, index) => {
      const network = networkOf(request.clientAddress);
      if (network === null) return;
      const day = dayBucket(request.at);
      const id = `${network} ${day}`;
      const row = mine.get(id);
      if (row) {
        row.requests++;
        row.lastAt = request.at;
        row.lastUserAgent = request.userAgent;
        return;
      }
      mine.set(id, {
        keyId: request.keyId ?? null,
        keyHash: request.keyId ? null : (request.keyHash ?? null),
        network,
        day,
        firstAt: request.at,
        lastAt: request.at,
        requests: 1,
        lastUserAgent: request.userAgent,
        firstAddress: request.clientAddress,
        firstUserAgent: request.userAgent,
        before: index,
      });
    });
    rows.push(...mine.values());
  }
  return rows;
}

/** A network new to an established key, found by writeNetworks. */
export interface NewNetwork {
  apiKeyId: string;
  organizationId: string;
  network: string;
  firstAt: number;
  address: string;
  userAgent: string | null;
}

/**
 * One statement: the rows upserted in (key, network, day) order — so concurrent flushes lock
 * them in the same order — and, read in the same snapshot, before the upsert (so from earlier
 * batches only), which of the batch's networks are new to an established key. History is the
 * key's hourly counts (ApiKeyUsage): read before this batch's counts are written.
 */
export async function writeNetworks(tx: Tx, requests: RecordedRequest[]): Promise<NewNetwork[]> {
  const rows = networkRows(requests);
  if (rows.length === 0) return [];
  const found = await tx.$queryRaw<NewNetwork[]>`
    WITH given AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS g("keyId" text, "keyHash" text, "network" text, "day" bigint, "firstAt" bigint, "lastAt" bigint,
             "requests" int, "lastUserAgent" text, "firstAddress" text, "firstUserAgent" text, "before" int)
    ), resolved AS (
      SELECT k."id" AS "apiKeyId", k."organizationId", g.* FROM given g JOIN "ApiKey" k ON k."id" = g."keyId"
      UNION ALL
      SELECT k."id", k."organizationId", g.* FROM given g JOIN "ApiKey" k ON k."hash" = g."keyHash"
    ), merged AS (
      -- One row per key, network and day: a key may come both by id and by hash.
      SELECT "apiKeyId", "network", "day", MIN("firstAt") AS "firstAt", MAX("lastAt") AS "lastAt",
          SUM("requests")::int AS "requests", (array_agg("lastUserAgent" ORDER BY "lastAt" DESC))[1] AS "lastUserAgent"
        FROM resolved GROUP BY "apiKeyId", "network", "day"
    ), upserted AS (
      INSERT INTO "ApiKeyNetwork" ("apiKeyId", "network", "day", "firstAt", "lastAt", "requests", "lastUserAgent")
      SELECT "apiKeyId", "network", to_timestamp("day" / 1000.0) AT TIME ZONE 'UTC',
          to_timestamp("firstAt" / 1000.0) AT TIME ZONE 'UTC', to_timestamp("lastAt" / 1000.0) AT TIME ZONE 'UTC',
          "requests", "lastUserAgent"
        FROM merged ORDER BY "apiKeyId", "network", "day"
      ON CONFLICT ("apiKeyId", "network", "day") DO UPDATE SET
        "firstAt" = LEAST("ApiKeyNetwork"."firstAt", EXCLUDED."firstAt"),
        "lastAt" = GREATEST("ApiKeyNetwork"."lastAt", EXCLUDED."lastAt"),
        "requests" = "ApiKeyNetwork"."requests" + EXCLUDED."requests",
        "lastUserAgent" = CASE WHEN EXCLUDED."lastAt" >= "ApiKeyNetwork"."lastAt"
          THEN EXCLUDED."lastUserAgent" ELSE "ApiKeyNetwork"."lastUserAgent" END
      RETURNING 1
    ), firsts AS (
      -- (A data-modifying WITH runs to completion whether or not the query reads it; the reads
      -- below see the snapshot from before it.)
      SELECT DISTINCT ON ("apiKeyId", "network") "apiKeyId", "organizationId", "network", "firstAt",
          "firstAddress", "firstUserAgent", "before"
        FROM resolved ORDER BY "apiKeyId", "network", "firstAt", "before" DESC
    ), fresh AS (
      SELECT f.*, to_timestamp(f."firstAt" / 1000.0) AT TIME ZONE 'UTC' AS "firstTime" FROM firsts f
    )
    SELECT f."apiKeyId", f."organizationId", f."network", f."firstAt"::float8 AS "firstAt",
        f."firstAddress" AS "address", f."firstUserAgent" AS "userAgent"
      FROM fresh f
      WHERE NOT EXISTS (
          SELECT 1 FROM "ApiKeyNetwork" n
          WHERE n."apiKeyId" = f."apiKeyId" AND n."network" = f."network"
            AND n."day" >= f."firstTime" - make_interval(days => ${QUIET_DAYS + 1})
            AND n."lastAt" >= f."firstTime" - make_interval(days => ${QUIET_DAYS}))
        AND EXISTS (
          -- Without GROUP BY the aggregate is one row even for a key with no counts yet.
          SELECT 1 FROM "ApiKeyUsage" u WHERE u."apiKeyId" = f."apiKeyId"
          HAVING COALESCE(SUM(u."requests"), 0) + f."before" >= ${ESTABLISHED_REQUESTS}
            -- A bucket is the start of its hour: its first request may be up to an hour later.
            OR MIN(u."bucket") <= f."firstTime" - make_interval(secs => ${(ESTABLISHED_AGE_MS + HOUR_MS) / 1000}))`;
  return found.map((row) => ({ ...row, firstAt: Number(row.firstAt) }));
}
