import { db } from "../db/client";
import { processSingleton } from "../process-singleton";

/**
 * Requests served per key per UTC hour (ApiKeyUsage), without a database write per request:
 * counted in memory, flushed with one multi-row upsert at most every FLUSH_INTERVAL_MS (from
 * after(), a timer, and on SIGTERM). `requests` includes the key's own 429s; `rateLimited` is
 * those alone. A 429 decided before the lookup is counted by hash and joined to its key at flush.
 * See docs/architecture.md, "Where usage and Last Used are written".
 */
export const FLUSH_INTERVAL_MS = 15_000;
const HOUR_MS = 3_600_000;
/** Past this many pending rows (only while the database is unreachable), new counts are dropped. */
const MAX_PENDING_ROWS = 100_000;

interface PendingCount {
  /** Key id, or key hash for counts taken before the lookup. */
  ref: string;
  byHash: boolean;
  /** Start of the UTC hour, epoch ms. */
  bucket: number;
  requests: number;
  rateLimited: number;
}

interface RecorderState {
  pending: Map<string, PendingCount>;
  lastFlushAt: number;
  flushing: Promise<void> | null;
  timer: NodeJS.Timeout | null;
  shutdownHookInstalled: boolean;
  droppedWarningAt: number;
}

const state = processSingleton<RecorderState>("api-usage-recorder", () => ({
  pending: new Map(),
  lastFlushAt: Date.now(),
  flushing: null,
  timer: null,
  shutdownHookInstalled: false,
  droppedWarningAt: 0,
}));

function addCount(ref: string, byHash: boolean, bucket: number, requests: number, rateLimited: number): void {
  const id = `${byHash ? "h" : "i"}:${ref}:${bucket}`;
  const entry = state.pending.get(id);
  if (entry) {
    entry.requests += requests;
    entry.rateLimited += rateLimited;
  } else if (state.pending.size < MAX_PENDING_ROWS) {
    state.pending.set(id, { ref, byHash, bucket, requests, rateLimited });
  } else {
    warnDropped();
  }
}

function count(ref: string, byHash: boolean, now: number, rateLimited: number) {
  addCount(ref, byHash, Math.floor(now / HOUR_MS) * HOUR_MS, 1, rateLimited);
  scheduleTimer(now);
}

/** A request the key made that passed authentication. */
export function countKeyRequest(apiKeyId: string, now: number = Date.now()): void {
  count(apiKeyId, false, now, 0);
}

/** A request refused by the key's own rate limit, known only by the key's hash. */
export function countRateLimitedRequest(keyHash: string, now: number = Date.now()): void {
  count(keyHash, true, now, 1);
}

/** True when counts are waiting and the last flush is at least FLUSH_INTERVAL_MS old. */
export function requestCountsFlushDue(now: number = Date.now()): boolean {
  return state.pending.size > 0 && state.flushing === null && now - state.lastFlushAt >= FLUSH_INTERVAL_MS;
}

export async function flushRequestCountsIfDue(now: number = Date.now()): Promise<void> {
  if (requestCountsFlushDue(now)) await flushRequestCounts();
}

/**
 * Writes every pending count now (one statement) and waits for it. Counts that fail to be
 * written are put back for the next flush. Concurrent calls share the flush in progress.
 */
export function flushRequestCounts(): Promise<void> {
  if (state.flushing) return state.flushing;
  if (state.pending.size === 0) return Promise.resolve();
  const batch = [...state.pending.values()];
  state.pending = new Map();
  state.lastFlushAt = Date.now();
  state.flushing = writeCounts(batch)
    .catch((error) => {
      for (const row of batch) addCount(row.ref, row.byHash, row.bucket, row.requests, row.rateLimited);
      scheduleTimer(Date.now());
      console.warn(
        `[usage] could not record API usage (${batch.length} rows kept for the next flush): ${(error as Error).message.split("\n").at(-1)}`,
      );
    })
    .finally(() => {
      state.flushing = null;
    });
  return state.flushing;
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
    })),
  );
  await db.$executeRaw`
    WITH counts AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb)
        AS c("keyId" text, "keyHash" text, "bucket" bigint, "requests" int, "rateLimited" int)
    ), resolved AS (
      SELECT k."id" AS "apiKeyId", c."bucket", c."requests", c."rateLimited"
        FROM counts c JOIN "ApiKey" k ON k."id" = c."keyId"
      UNION ALL
      SELECT k."id", c."bucket", c."requests", c."rateLimited"
        FROM counts c JOIN "ApiKey" k ON k."hash" = c."keyHash"
    )
    INSERT INTO "ApiKeyUsage" ("apiKeyId", "bucket", "requests", "rateLimited")
    SELECT "apiKeyId", to_timestamp("bucket" / 1000.0) AT TIME ZONE 'UTC', SUM("requests"), SUM("rateLimited")
      FROM resolved
      GROUP BY "apiKeyId", "bucket"
      ORDER BY "apiKeyId", "bucket"
    ON CONFLICT ("apiKeyId", "bucket") DO UPDATE SET
      "requests" = "ApiKeyUsage"."requests" + EXCLUDED."requests",
      "rateLimited" = "ApiKeyUsage"."rateLimited" + EXCLUDED."rateLimited"`;
}

/** A timer for the counts of a burst that no later request will flush. Unref'd: never keeps a process alive. */
function scheduleTimer(now: number) {
  installShutdownHook();
  if (state.timer) return;
  const wait = Math.max(0, state.lastFlushAt + FLUSH_INTERVAL_MS - now);
  state.timer = setTimeout(() => {
    state.timer = null;
    if (state.pending.size === 0) return;
    // A request may have flushed meanwhile (or be flushing): wait for the next due time.
    if (!requestCountsFlushDue()) return scheduleTimer(Date.now());
    void flushRequestCounts().then(() => {
      if (state.pending.size > 0) scheduleTimer(Date.now());
    });
  }, wait);
  state.timer.unref();
}

/**
 * On SIGTERM, start a last flush. Only alongside a graceful-shutdown handler that is already
 * there (`next start` has one, which exits once the server is closed): a listener of our own
 * would otherwise be the only one and stop SIGTERM from ending the process.
 */
function installShutdownHook() {
  if (state.shutdownHookInstalled) return;
  state.shutdownHookInstalled = true;
  if (process.listenerCount("SIGTERM") === 0) return;
  process.once("SIGTERM", () => void flushRequestCounts());
}

function warnDropped() {
  const now = Date.now();
  if (now - state.droppedWarningAt < 60_000) return;
  state.droppedWarningAt = now;
  console.warn(`[usage] ${MAX_PENDING_ROWS} usage rows are waiting for the database: new counts are dropped`);
}

/** Counts not yet written (tests and diagnostics). */
export function pendingRequestCountRows(): number {
  return state.pending.size;
}

/** Tests: forget pending counts and timers, as a freshly started instance. */
export function resetRequestCounts(now: number = Date.now()): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.pending = new Map();
  state.lastFlushAt = now;
}
