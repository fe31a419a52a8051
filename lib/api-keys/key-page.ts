import { z } from "zod";
import { db } from "../db/client";
import { isRecordId } from "../db/record-id";
import { startOfHour } from "../requests/queries";
import { maskedKey } from "./format";
import { type ApiKeyRow, toApiKeyRow } from "./rows";
import { keyStatus } from "./state";

/**
 * Everything a key's page shows (Settings → API → a key): the key and who created or revoked it,
 * its requests over 24 hours, 7 and 30 days by outcome, its latest requests, and, for a key that
 * no longer works, who is still trying it. Scoped by the viewer's organization: another
 * organization's key, a malformed id or no such key are all null ("not found").
 */

export const RECENT_REQUESTS_LIMIT = 100;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Days shown in the chart; the 24-hour and 7-day totals are its last 1 and 7 bars. */
export const CHART_DAYS = 30;

export type KeyPageStatus = "active" | "rolling" | "expired" | "revoked";

/** Requests of one period, by outcome; successes are what the other three leave. */
export interface OutcomeCounts {
  requests: number;
  successes: number;
  clientErrors: number;
  rateLimited: number;
  serverErrors: number;
}

export interface RecentRequest {
  id: string;
  at: string;
  method: string;
  path: string;
  status: number;
  clientAddress: string;
  userAgent: string | null;
  durationMs: number;
}

/** "Still being tried": attempts with a revoked or expired key in the last 24 hours. */
export interface StillTried {
  attempts: number;
  /** The address and user agent most of them came from. */
  clientAddress: string;
  userAgent: string | null;
  /** How many other address / user-agent pairs tried it too. */
  otherSources: number;
}

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
  usage: {
    last24h: OutcomeCounts;
    last7d: OutcomeCounts;
    last30d: OutcomeCounts;
    /** CHART_DAYS periods of 24 hours, oldest first; the last one ends with the current hour. */
    daily: (OutcomeCounts & { start: string })[];
  };
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
});

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

async function findKey(organizationId: string, keyId: string) {
  // One statement with the people joined; a creator or revoker who left the organization is
  // "Unknown", as in the table.
  const rows = await db.$queryRaw<unknown[]>`
    SELECT k."id", k."name", k."prefix", k."createdAt", k."lastUsedAt", k."expiresAt", k."revokedAt",
      k."replacedById", k."allowedAddresses",
      CASE WHEN cm."id" IS NOT NULL THEN cu."name" END AS "createdByName",
      CASE WHEN rm."id" IS NOT NULL THEN ru."name" END AS "revokedByName",
      nk."name" AS "replacementName", (nk."revokedAt" IS NOT NULL) AS "replacementRevoked"
    FROM "ApiKey" k
    LEFT JOIN "User" cu ON cu."id" = k."createdById"
    LEFT JOIN "Membership" cm ON cm."userId" = k."createdById" AND cm."organizationId" = k."organizationId"
    LEFT JOIN "User" ru ON ru."id" = k."revokedById"
    LEFT JOIN "Membership" rm ON rm."userId" = k."revokedById" AND rm."organizationId" = k."organizationId"
    LEFT JOIN "ApiKey" nk ON nk."id" = k."replacedById"
    WHERE k."id" = ${keyId} AND k."organizationId" = ${organizationId}`;
  return rows.length === 0 ? null : keyRowSchema.parse(rows[0]);
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
async function usageOf(keyId: string, now: Date): Promise<KeyPageData["usage"]> {
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

async function recentRequestsOf(keyId: string): Promise<RecentRequest[]> {
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
async function stillTriedOf(keyId: string, stoppedAt: Date, now: Date): Promise<StillTried | null> {
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
          { ...key, createdByName: key.createdByName },
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
