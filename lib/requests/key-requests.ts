import { db } from "../db/client";
import { startOfHour } from "./queries";
import type { RecordedRequest } from "./records";

/**
 * The reads of one key's recorded requests for its page: requests by outcome per day (from
 * ApiKeyUsage), its latest requests, and who still tries a key that no longer works (ApiRequest).
 */

export const RECENT_REQUESTS_LIMIT = 100;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Days shown in the chart; the 24-hour and 7-day totals are its last 1 and 7 bars. */
export const CHART_DAYS = 30;

/** Requests of one period, by outcome; successes are what the other three leave. */
export interface OutcomeCounts {
  requests: number;
  successes: number;
  clientErrors: number;
  rateLimited: number;
  serverErrors: number;
}

/**
 * A stored request as the key's page shows it: the recorded request (records.ts) as it came back
 * from ApiRequest — with its row id, its instant as ISO text (it crosses to a client component),
 * and without the key reference and the `countOnly` flag, which are never stored.
 */
export type RecentRequest = Pick<
  RecordedRequest,
  "method" | "path" | "status" | "clientAddress" | "userAgent" | "durationMs"
> & { id: string; at: string };

/** "Still being tried": attempts with a revoked or expired key in the last 24 hours. */
export interface StillTried {
  attempts: number;
  /** The address and user agent most of them came from. */
  clientAddress: string;
  userAgent: string | null;
  /** How many other address / user-agent pairs tried it too. */
  otherSources: number;
}

/** A key's requests by outcome over 24 hours, 7 and 30 days, and per day for the chart. */
export interface KeyUsage {
  last24h: OutcomeCounts;
  last7d: OutcomeCounts;
  last30d: OutcomeCounts;
  /** CHART_DAYS periods of 24 hours, oldest first; the last one ends with the current hour. */
  daily: (OutcomeCounts & { start: string })[];
}

function noOutcomes(): OutcomeCounts {
  return { requests: 0, successes: 0, clientErrors: 0, rateLimited: 0, serverErrors: 0 };
}

function add(total: OutcomeCounts, part: OutcomeCounts) {
  total.requests += part.requests;
  total.successes += part.successes;
  total.clientErrors += part.clientErrors;
  total.rateLimited += part.rateLimited;
  total.serverErrors += part.serverErrors;
}

interface UsageGroup {
  /** 0 = the oldest period of the chart. */
  day: number;
  requests: number;
  rateLimited: number;
  clientErrors: number;
  serverErrors: number;
}

/** One grouped query: CHART_DAYS periods of 24 hours ending with the current hour (see requestCountsByKey on time zones). */
export async function usageOf(keyId: string, now: Date): Promise<KeyUsage> {
  const end = startOfHour(now).getTime() + HOUR_MS;
  const start = end - CHART_DAYS * DAY_MS;
  const groups = await db.$queryRaw<UsageGroup[]>`
    SELECT FLOOR(EXTRACT(EPOCH FROM ("bucket" - ${new Date(start).toISOString()}::timestamp)) / 86400)::int AS "day",
      SUM("requests")::float8 AS "requests", SUM("rateLimited")::float8 AS "rateLimited",
      SUM("clientErrors")::float8 AS "clientErrors", SUM("serverErrors")::float8 AS "serverErrors"
    FROM "ApiKeyUsage"
    WHERE "apiKeyId" = ${keyId}
      AND "bucket" >= ${new Date(start).toISOString()}::timestamp
      AND "bucket" < ${new Date(end).toISOString()}::timestamp
    GROUP BY 1`;
  const daily = Array.from({ length: CHART_DAYS }, (_, index) => ({
    ...noOutcomes(),
    start: new Date(start + index * DAY_MS).toISOString(),
  }));
  for (const group of groups) {
    const index = Number(group.day);
    if (index < 0 || index >= CHART_DAYS) continue;
    const requests = Number(group.requests);
    const rateLimited = Number(group.rateLimited);
    const clientErrors = Number(group.clientErrors);
    const serverErrors = Number(group.serverErrors);
    // Clamped: a counter flushed out of step must not show negative successes.
    const successes = Math.max(0, requests - rateLimited - clientErrors - serverErrors);
    add(daily[index], { requests, successes, rateLimited, clientErrors, serverErrors });
  }
  const total = (days: number) => {
    const sum = noOutcomes();
    for (const day of daily.slice(CHART_DAYS - days)) add(sum, day);
    return sum;
  };
  return { last24h: total(1), last7d: total(7), last30d: total(CHART_DAYS), daily };
}

export async function recentRequestsOf(keyId: string): Promise<RecentRequest[]> {
  const rows = await db.apiRequest.findMany({
    where: { apiKeyId: keyId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: RECENT_REQUESTS_LIMIT,
  });
  return rows.map((row) => ({
    id: row.id.toString(),
    at: row.at.toISOString(),
    method: row.method,
    path: row.path,
    status: row.status,
    clientAddress: row.clientAddress,
    userAgent: row.userAgent,
    durationMs: row.durationMs,
  }));
}

/** Attempts since the key stopped working, within the last 24 hours, by their commonest source. */
export async function stillTriedOf(keyId: string, stoppedAt: Date, now: Date): Promise<StillTried | null> {
  const since = new Date(Math.max(stoppedAt.getTime(), now.getTime() - DAY_MS));
  const [top] = await db.$queryRaw<
    { clientAddress: string; userAgent: string | null; attempts: number; sources: number }[]
  >`
    SELECT "clientAddress", "userAgent", SUM(COUNT(*)) OVER ()::int AS "attempts", (COUNT(*) OVER ())::int AS "sources"
    FROM "ApiRequest"
    WHERE "apiKeyId" = ${keyId} AND "at" >= ${since.toISOString()}::timestamp
    GROUP BY 1, 2
    ORDER BY COUNT(*) DESC, MAX("at") DESC
    LIMIT 1`;
  if (!top) return null;
  return {
    attempts: Number(top.attempts),
    clientAddress: top.clientAddress,
    userAgent: top.userAgent,
    otherSources: Number(top.sources) - 1,
  };
}

/** One hour of a key's requests, by outcome (the management API's usage). */
export interface HourlyUsage extends OutcomeCounts {
  hour: string;
}

/** The key's hours with requests in the last CHART_DAYS days, oldest first (hours without any are left out). */
export async function hourlyUsageOf(keyId: string, now: Date): Promise<HourlyUsage[]> {
  const end = startOfHour(now).getTime() + HOUR_MS;
  const rows = await db.apiKeyUsage.findMany({
    where: { apiKeyId: keyId, bucket: { gte: new Date(end - CHART_DAYS * DAY_MS), lt: new Date(end) } },
    orderBy: { bucket: "asc" },
  });
  return rows.map((row) => ({
    hour: row.bucket.toISOString(),
    requests: row.requests,
    successes: Math.max(0, row.requests - row.rateLimited - row.clientErrors - row.serverErrors),
    clientErrors: row.clientErrors,
    rateLimited: row.rateLimited,
    serverErrors: row.serverErrors,
  }));
}
