import { db } from "../db/client";
import { Prisma } from "../db/generated/client";

/**
 * Reads for the per-key usage column: requests per hour over the last 24 hours (a sparkline),
 * with 24-hour and 7-day totals. The counters are written by lib/requests/recorder.ts, buffered in
 * memory and flushed into ApiKeyUsage (one row per key per UTC hour).
 */
export const HOURS_SHOWN = 24;
const HOURS_IN_WEEK = 7 * 24;
const HOUR_MS = 3_600_000;

export interface KeyRequestCounts {
  /** Requests in each of the last 24 hours, oldest first; the last is the current (partial) hour. */
  hourly: number[];
  requests24h: number;
  rateLimited24h: number;
  requests7d: number;
  rateLimited7d: number;
}

export function noRequestCounts(): KeyRequestCounts {
  return { hourly: Array(HOURS_SHOWN).fill(0), requests24h: 0, rateLimited24h: 0, requests7d: 0, rateLimited7d: 0 };
}

export function startOfHour(date: Date): Date {
  return new Date(Math.floor(date.getTime() / HOUR_MS) * HOUR_MS);
}

interface UsageGroup {
  /** "counts" (ApiKeyUsage), "network" (ApiKeyNetwork) or "permission" (ApiKeyPermissionUse). */
  kind: "counts" | "network" | "permission";
  apiKeyId: string;
  /** Seconds since the epoch of an hour in the last 24, or null for the rest of the week. */
  hour: number | null;
  /** The network or the permission. */
  value: string | null;
  requests: number;
  rateLimited: number;
}

/** What a key did in the last 30 days, for key health (lib/api-keys/health.ts). */
export interface KeyUse {
  /** Networks (/24, /48) its requests came from, busiest first. */
  networks: { network: string; requests: number }[];
  /** Permissions its successful requests exercised. */
  permissionsUsed: string[];
}

export const USE_WINDOW_DAYS = 30;

/**
 * One grouped query for all the keys on the page: one row per key per hour of the last day,
 * plus one row per key for the six days before. Buckets are UTC wall-clock `timestamp`s
 * (Prisma's convention), so bounds are passed as ISO text cast to `timestamp` (the zone suffix
 * is ignored) and hours come back as epoch seconds, never through a time-zone conversion.
 */
export async function requestCountsByKey(keyIds: string[], now = new Date()): Promise<Map<string, KeyRequestCounts>> {
  return (await keyActivityByKey(keyIds, now)).counts;
}

/**
 * requestCountsByKey, and in the same statement what each key used in the last 30 days (its
 * networks and permissions, from the per-day rows the flush keeps): Settings → API gets its key
 * health without a statement of its own.
 */
export async function keyActivityByKey(
  keyIds: string[],
  now = new Date(),
): Promise<{ counts: Map<string, KeyRequestCounts>; use: Map<string, KeyUse> }> {
  const counts = new Map(keyIds.map((id) => [id, noRequestCounts()]));
  const use = new Map<string, KeyUse>(keyIds.map((id) => [id, { networks: [], permissionsUsed: [] }]));
  if (keyIds.length === 0) return { counts, use };
  const currentHour = startOfHour(now).getTime();
  const dayStart = new Date(currentHour - (HOURS_SHOWN - 1) * HOUR_MS);
  const weekStart = new Date(currentHour - (HOURS_IN_WEEK - 1) * HOUR_MS);
  const end = new Date(currentHour + HOUR_MS);
  const useSince = new Date(currentHour - USE_WINDOW_DAYS * 24 * HOUR_MS);
  const ids = Prisma.join(keyIds);
  const groups = await db.$queryRaw<UsageGroup[]>`
    SELECT 'counts' AS "kind", "apiKeyId",
      CASE WHEN "bucket" >= ${dayStart.toISOString()}::timestamp
        THEN EXTRACT(EPOCH FROM "bucket")::float8 END AS "hour",
      NULL::text AS "value",
      SUM("requests")::float8 AS "requests",
      SUM("rateLimited")::float8 AS "rateLimited"
    FROM "ApiKeyUsage"
    WHERE "apiKeyId" IN (${ids})
      AND "bucket" >= ${weekStart.toISOString()}::timestamp
      AND "bucket" < ${end.toISOString()}::timestamp
    GROUP BY 2, 3
    UNION ALL
    SELECT 'network', "apiKeyId", NULL, "network", SUM("requests")::float8, 0
    FROM "ApiKeyNetwork"
    WHERE "apiKeyId" IN (${ids}) AND "day" >= ${useSince.toISOString()}::timestamp
    GROUP BY 2, 4
    UNION ALL
    SELECT 'permission', "apiKeyId", NULL, "permission", SUM("requests")::float8, 0
    FROM "ApiKeyPermissionUse"
    WHERE "apiKeyId" IN (${ids}) AND "day" >= ${useSince.toISOString()}::timestamp
    GROUP BY 2, 4`;
  for (const group of groups) {
    if (group.kind !== "counts") {
      const keyUse = use.get(group.apiKeyId);
      if (!keyUse || group.value === null) continue;
      if (group.kind === "network") keyUse.networks.push({ network: group.value, requests: Number(group.requests) });
      else keyUse.permissionsUsed.push(group.value);
      continue;
    }
    const summary = counts.get(group.apiKeyId);
    if (!summary) continue;
    const requests = Number(group.requests);
    const rateLimited = Number(group.rateLimited);
    summary.requests7d += requests;
    summary.rateLimited7d += rateLimited;
    if (group.hour === null) continue;
    const index = Math.round((Number(group.hour) * 1000 - dayStart.getTime()) / HOUR_MS);
    if (index < 0 || index >= HOURS_SHOWN) continue;
    summary.hourly[index] += requests;
    summary.requests24h += requests;
    summary.rateLimited24h += rateLimited;
  }
  for (const keyUse of use.values()) keyUse.networks.sort((a, b) => b.requests - a.requests);
  return { counts, use };
}
