import type { Redis } from "@upstash/redis";
import { db } from "../db/client";
import { componentLogger, errorReason } from "../log";
import { processSingleton } from "../process-singleton";
import { upstashRedis } from "../rate-limit";
import { requestBufferKeys } from "./buffer-keys";

/**
 * What the API records about the requests made with each key, without a database write per
 * request: counts per key per UTC hour (ApiKeyUsage: all requests, and how many ended in a 429,
 * another 4xx or a 5xx) and the latest requests themselves (ApiRequest, for the key's page).
 *
 * Where a request waits before it reaches Postgres depends on the deployment (docs/architecture.md,
 * "Where requests are recorded", says what each can lose):
 * - With Upstash (several instances, serverless): in Redis. The wrapper writes each request
 *   there from `after()` (one pipelined call, which the platform waits for before it freezes the
 *   instance), and whoever finds the buffer due moves it to Postgres: a later request's
 *   `after()`, under a short Redis lock, or the `flush-requests` job.
 * - Single instance (no Upstash): in this process's memory, written at most every
 *   FLUSH_INTERVAL_MS (from `after()`, a timer, and at shutdown: installShutdownFlush).
 */
export const FLUSH_INTERVAL_MS = 15_000;
const HOUR_MS = 3_600_000;
/** Past this many pending count rows (only while Postgres is unreachable), new counts are dropped. */
const MAX_PENDING_ROWS = 100_000;
/** Requests kept in memory or Redis between flushes; more than this flushes early or drops the oldest. */
export const MAX_PENDING_REQUESTS = 20_000;
/** The key page shows the latest 100; the table keeps the latest 1,000 per key. */
export const KEPT_REQUESTS_PER_KEY = 1_000;
const MAX_USER_AGENT = 200;
const MAX_PATH = 200;

const log = componentLogger("requests");

/** One request made with a key, as recorded. Never the key, never a header but the user agent. */
export interface RecordedRequest {
  /** The key's id, once it was looked up. */
  keyId?: string;
  /** The key's hash, for a request refused before its lookup (its own rate limit, on Upstash). */
  keyHash?: string;
  at: number;
  method: string;
  /** The pathname: never the query string, whose values may be anything. */
  path: string;
  status: number;
  clientAddress: string;
  userAgent: string | null;
  durationMs: number;
}

interface PendingCount {
  /** Key id, or key hash for counts taken before the lookup. */
  ref: string;
  byHash: boolean;
  /** Start of the UTC hour, epoch ms. */
  bucket: number;
  requests: number;
  rateLimited: number;
  clientErrors: number;
  serverErrors: number;
}

type CountColumn = "rateLimited" | "clientErrors" | "serverErrors";

/** Which column besides `requests` a status adds to (none for a success). */
function outcomeColumn(status: number): CountColumn | null {
  if (status === 429) return "rateLimited";
  if (status >= 500) return "serverErrors";
  if (status >= 400) return "clientErrors";
  return null;
}

interface RecorderState {
  counts: Map<string, PendingCount>;
  requests: RecordedRequest[];
  lastFlushAt: number;
  flushing: Promise<Moved> | null;
  timer: NodeJS.Timeout | null;
  droppedWarningAt: number;
}

const state = processSingleton<RecorderState>("api-request-recorder", () => ({
  counts: new Map(),
  requests: [],
  lastFlushAt: Date.now(),
  flushing: null,
  timer: null,
  droppedWarningAt: 0,
}));

function trimmed(request: RecordedRequest): RecordedRequest {
  return {
    ...request,
    path: request.path.slice(0, MAX_PATH),
    userAgent: request.userAgent === null ? null : request.userAgent.slice(0, MAX_USER_AGENT),
  };
}

/**
 * Records one request. Single instance: in memory, returns nothing (no I/O). With Upstash:
 * returns the write to Redis, not yet started, for the caller to run in `after()`.
 */
export function recordRequest(request: RecordedRequest): (() => Promise<void>) | undefined {
  if (!request.keyId && !request.keyHash) return undefined;
  const redis = upstashRedis();
  if (redis) {
    const record = trimmed(request);
    return () => recordInRedis(redis, record);
  }
  const column = outcomeColumn(request.status);
  const ref = request.keyId ?? (request.keyHash as string);
  addCount({
    ref,
    byHash: !request.keyId,
    bucket: Math.floor(request.at / HOUR_MS) * HOUR_MS,
    requests: 1,
    rateLimited: column === "rateLimited" ? 1 : 0,
    clientErrors: column === "clientErrors" ? 1 : 0,
    serverErrors: column === "serverErrors" ? 1 : 0,
  });
  if (state.requests.length < MAX_PENDING_REQUESTS) state.requests.push(trimmed(request));
  else warnDropped("requests");
  scheduleTimer(request.at);
  return undefined;
}

function countId(row: Pick<PendingCount, "ref" | "byHash" | "bucket">): string {
  return `${row.byHash ? "h" : "i"}:${row.ref}:${row.bucket}`;
}

function addCount(row: PendingCount): void {
  const id = countId(row);
  const entry = state.counts.get(id);
  if (entry) {
    entry.requests += row.requests;
    entry.rateLimited += row.rateLimited;
    entry.clientErrors += row.clientErrors;
    entry.serverErrors += row.serverErrors;
  } else if (state.counts.size < MAX_PENDING_ROWS) {
    state.counts.set(id, { ...row });
  } else {
    warnDropped("counts");
  }
}

/** True when something waits and the last flush is at least FLUSH_INTERVAL_MS old. */
export function requestsFlushDue(now: number = Date.now()): boolean {
  if (state.flushing !== null || now - state.lastFlushAt < FLUSH_INTERVAL_MS) return false;
  // With Upstash the buffer is in Redis: this instance cannot tell whether it holds anything,
  // so it offers to move it once per interval and a Redis lock picks one instance.
  if (upstashRedis()) return true;
  return state.counts.size > 0 || state.requests.length > 0;
}

export async function flushRequestsIfDue(now: number = Date.now()): Promise<void> {
  if (requestsFlushDue(now)) await flushRequests();
}

/**
 * The `flush-requests` job: moves the Redis buffer to Postgres even when no request comes to
 * do it (the last burst before a quiet night). In single-instance mode it has nothing to do.
 */
export async function runFlushRequests(): Promise<Moved> {
  return upstashRedis() ? flushRequests() : NOTHING_MOVED;
}

/**
 * Moves everything recorded so far to Postgres now and waits for it: this process's memory, or
 * the Redis buffer (shared by every instance) when Upstash is configured. What fails to be
 * written is put back for the next flush. Concurrent calls share the flush in progress.
 */
export function flushRequests(): Promise<Moved> {
  if (state.flushing) return state.flushing;
  state.lastFlushAt = Date.now();
  const redis = upstashRedis();
  state.flushing = (redis ? drainRedis(redis) : flushMemory()).finally(() => {
    state.flushing = null;
  });
  return state.flushing;
}

interface Moved {
  countRows: number;
  requests: number;
}
const NOTHING_MOVED: Moved = { countRows: 0, requests: 0 };

async function flushMemory(): Promise<Moved> {
  if (state.counts.size === 0 && state.requests.length === 0) return NOTHING_MOVED;
  const counts = [...state.counts.values()];
  const requests = state.requests;
  state.counts = new Map();
  state.requests = [];
  try {
    await writeBatch(counts, requests);
    return { countRows: counts.length, requests: requests.length };
  } catch (error) {
    for (const row of counts) addCount(row);
    state.requests = [...requests, ...state.requests].slice(-MAX_PENDING_REQUESTS);
    scheduleTimer(Date.now());
    log.warn(
      { countRows: counts.length, requests: requests.length, reason: errorReason(error) },
      "could not record API requests; kept for the next flush",
    );
    return NOTHING_MOVED;
  }
}

// ---- Redis buffer (Upstash) ----

/**
 * One pipelined call per request: the hour's counters (a hash field per key, hour and column)
 * and the request itself (a capped list, so an unreachable Postgres cannot grow Redis forever).
 */
async function recordInRedis(redis: Redis, request: RecordedRequest): Promise<void> {
  const keys = requestBufferKeys();
  const ref = request.keyId ? `i:${request.keyId}` : `h:${request.keyHash}`;
  const bucket = Math.floor(request.at / HOUR_MS) * HOUR_MS;
  const pipeline = redis.pipeline();
  pipeline.hincrby(keys.counts, `${ref}:${bucket}:requests`, 1);
  const column = outcomeColumn(request.status);
  if (column) pipeline.hincrby(keys.counts, `${ref}:${bucket}:${column}`, 1);
  pipeline.lpush(keys.requests, JSON.stringify(request));
  pipeline.ltrim(keys.requests, 0, MAX_PENDING_REQUESTS - 1);
  try {
    await pipeline.exec();
  } catch (error) {
    log.warn({ reason: errorReason(error) }, "could not record an API request in Redis");
  }
}

/**
 * Takes the whole buffer atomically (MULTI: read and delete), writes it to Postgres, and puts it
 * back if that fails. A lock keeps instances that find it due together from all doing the same
 * work (the take itself is atomic, so even two drains never write a request twice).
 */
async function drainRedis(redis: Redis): Promise<Moved> {
  const keys = requestBufferKeys();
  let locked = false;
  try {
    // Expires on its own should this instance die while holding it.
    locked = (await redis.set(keys.lock, "1", { nx: true, px: 30_000 })) === "OK";
    if (!locked) return NOTHING_MOVED;
    const take = redis.multi();
    take.hgetall(keys.counts);
    take.del(keys.counts);
    take.lrange(keys.requests, 0, -1);
    take.del(keys.requests);
    const [fields, , listed] = (await take.exec()) as [Record<string, unknown> | null, number, unknown[], number];
    const counts = countsFromFields(fields ?? {});
    const requests = listed.map((entry) => (typeof entry === "string" ? JSON.parse(entry) : entry) as RecordedRequest);
    if (counts.length === 0 && requests.length === 0) return NOTHING_MOVED;
    try {
      await writeBatch(counts, requests);
      return { countRows: counts.length, requests: requests.length };
    } catch (error) {
      await putBack(redis, fields ?? {}, listed);
      log.warn(
        { countRows: counts.length, requests: requests.length, reason: errorReason(error) },
        "could not move recorded API requests to Postgres; put back in Redis for the next flush",
      );
      return NOTHING_MOVED;
    }
  } catch (error) {
    log.warn({ reason: errorReason(error) }, "could not read the API request buffer in Redis");
    return NOTHING_MOVED;
  } finally {
    if (locked) await redis.del(keys.lock).catch(() => undefined);
  }
}

function countsFromFields(fields: Record<string, unknown>): PendingCount[] {
  const rows = new Map<string, PendingCount>();
  for (const [field, value] of Object.entries(fields)) {
    // "<i|h>:<ref>:<bucket>:<column>"; ids and hashes contain no colon.
    const [kind, ref, bucketText, column] = field.split(":");
    const bucket = Number(bucketText);
    if (!ref || !Number.isFinite(bucket)) continue;
    const row = { ref, byHash: kind === "h", bucket, requests: 0, rateLimited: 0, clientErrors: 0, serverErrors: 0 };
    const id = countId(row);
    const entry = rows.get(id) ?? row;
    rows.set(id, entry);
    if (column === "requests" || column === "rateLimited" || column === "clientErrors" || column === "serverErrors") {
      entry[column] += Number(value) || 0;
    }
  }
  return [...rows.values()];
}

async function putBack(redis: Redis, fields: Record<string, unknown>, listed: unknown[]): Promise<void> {
  const keys = requestBufferKeys();
  const pipeline = redis.pipeline();
  for (const [field, value] of Object.entries(fields)) pipeline.hincrby(keys.counts, field, Number(value) || 0);
  const entries = listed.map((entry) => (typeof entry === "string" ? entry : JSON.stringify(entry)));
  if (entries.length > 0) pipeline.rpush(keys.requests, ...entries);
  pipeline.ltrim(keys.requests, 0, MAX_PENDING_REQUESTS - 1);
  await pipeline.exec().catch(() => undefined);
}

// ---- Postgres ----

async function writeBatch(counts: PendingCount[], requests: RecordedRequest[]): Promise<void> {
  if (counts.length > 0) await writeCounts(counts);
  if (requests.length > 0) await writeRequests(requests);
}

/**
 * One INSERT … ON CONFLICT for the whole batch. Rows are passed as one JSON parameter (the same
 * on Postgres and the embedded database), joined to "ApiKey" by id or by hash, summed per key
 * and hour (a statement may not update one row twice), and inserted in key order, so two
 * instances flushing overlapping rows at once lock them in the same order and cannot deadlock.
 * Buckets travel as epoch milliseconds and are stored as UTC wall-clock `timestamp`s, Prisma's
 * convention, without depending on the session's time zone.
 */
async function writeCounts(batch: PendingCount[]): Promise<void> {
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
  await db.$executeRaw`
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
async function writeRequests(batch: RecordedRequest[]): Promise<void> {
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
  const keyIds = await db.$queryRaw<{ apiKeyId: string }[]>`
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
  await db.$executeRaw`
    DELETE FROM "ApiRequest" r USING (
      SELECT "id" FROM (
        SELECT "id", row_number() OVER (PARTITION BY "apiKeyId" ORDER BY "at" DESC, "id" DESC) AS n
          FROM "ApiRequest" WHERE "apiKeyId" = ANY(${keyIds.map((row) => row.apiKeyId)}::text[])
      ) ranked WHERE n > ${KEPT_REQUESTS_PER_KEY}
    ) old WHERE r."id" = old."id"`;
}

// ---- timers and shutdown (single instance) ----

/** A timer for the requests of a burst that no later request will flush. Unref'd: never keeps a process alive. */
function scheduleTimer(now: number) {
  if (state.timer) return;
  const wait = Math.max(0, state.lastFlushAt + FLUSH_INTERVAL_MS - now);
  state.timer = setTimeout(() => {
    state.timer = null;
    if (state.counts.size === 0 && state.requests.length === 0) return;
    // A request may have flushed meanwhile (or be flushing): wait for the next due time.
    if (!requestsFlushDue()) return scheduleTimer(Date.now());
    void flushRequests().then(() => {
      if (state.counts.size > 0 || state.requests.length > 0) scheduleTimer(Date.now());
    });
  }, wait);
  state.timer.unref();
}

function warnDropped(what: "counts" | "requests") {
  const now = Date.now();
  if (now - state.droppedWarningAt < 60_000) return;
  state.droppedWarningAt = now;
  log.warn({ what }, "too much is waiting for the database: new API request records are dropped");
}

/**
 * At shutdown (lib/shutdown.ts): writes what this process holds and says how many requests that
 * was. With Upstash nothing is held here (the records are already in Redis).
 */
export async function flushRequestsAtShutdown(): Promise<number> {
  if (upstashRedis()) return 0;
  await state.flushing;
  return (await flushMemory()).requests;
}

/** Count rows and requests not yet written (tests and diagnostics). */
export function pendingRequestRecords(): { countRows: number; requests: number } {
  return { countRows: state.counts.size, requests: state.requests.length };
}

/** Tests: forget pending records and timers, as a freshly started instance. */
export function resetRequestRecorder(now: number = Date.now()): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.counts = new Map();
  state.requests = [];
  state.lastFlushAt = now;
}
