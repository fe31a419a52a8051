import { componentLogger, errorReason } from "../log";
import { processSingleton } from "../process-singleton";
import { upstashRedis } from "../rate-limit";
import {
  countId,
  HOUR_MS,
  MAX_PENDING_REQUESTS,
  type Moved,
  NOTHING_MOVED,
  outcomeColumn,
  type PendingCount,
  type RecordedRequest,
} from "./records";
import { drainRedis, recordInRedis } from "./redis-buffer";
import { RequestRings } from "./rings";
import { KEPT_REQUESTS_PER_KEY, writeBatch } from "./store";

export type { RecordedRequest } from "./records";
export { KEPT_REQUESTS_PER_KEY, MAX_PENDING_REQUESTS };

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
/** Past this many pending count rows (only while Postgres is unreachable), new counts are dropped. */
const MAX_PENDING_ROWS = 100_000;
const MAX_USER_AGENT = 200;
const MAX_PATH = 200;

const log = componentLogger("requests");

interface RecorderState {
  counts: Map<string, PendingCount>;
  /** The latest requests per key (a ring of at most KEPT_REQUESTS_PER_KEY each). */
  requests: RequestRings;
  lastFlushAt: number;
  flushing: Promise<Moved> | null;
  timer: NodeJS.Timeout | null;
  droppedWarningAt: number;
}

const state = processSingleton<RecorderState>("api-request-recorder", () => ({
  counts: new Map(),
  requests: new RequestRings(),
  lastFlushAt: Date.now(),
  flushing: null,
  timer: null,
  droppedWarningAt: 0,
}));

/** The record as stored: long paths and user agents cut (copied only when they are long). */
function trimmed(request: RecordedRequest): RecordedRequest {
  const { path, userAgent } = request;
  if (path.length <= MAX_PATH && (userAgent === null || userAgent.length <= MAX_USER_AGENT)) return request;
  return { ...request, path: path.slice(0, MAX_PATH), userAgent: userAgent?.slice(0, MAX_USER_AGENT) ?? null };
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
    // On a long-running server the timer moves the last burst to Postgres; a frozen serverless
    // instance never fires it, and the flush-requests job (or the next request) does instead.
    scheduleTimer(request.at);
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
  if (!state.requests.add(ref, trimmed(request))) warnDropped("requests");
  scheduleTimer(request.at);
  return undefined;
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
  return state.counts.size > 0 || state.requests.size > 0;
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

async function flushMemory(): Promise<Moved> {
  if (state.counts.size === 0 && state.requests.size === 0) return NOTHING_MOVED;
  const counts = [...state.counts.values()];
  const requests = state.requests.all();
  state.counts = new Map();
  state.requests = new RequestRings();
  try {
    await writeBatch(counts, requests);
    return { countRows: counts.length, requests: requests.length };
  } catch (error) {
    for (const row of counts) addCount(row);
    // Put back under the newer ones: each key's ring keeps its latest.
    const newer = state.requests.all();
    state.requests = new RequestRings();
    for (const each of [...requests, ...newer]) state.requests.add(each.keyId ?? (each.keyHash as string), each);
    scheduleTimer(Date.now());
    log.warn(
      { countRows: counts.length, requests: requests.length, reason: errorReason(error) },
      "could not record API requests; kept for the next flush",
    );
    return NOTHING_MOVED;
  }
}

// ---- timers and shutdown (single instance) ----

/** A timer for the requests of a burst that no later request will flush. Unref'd: never keeps a process alive. */
function scheduleTimer(now: number) {
  if (state.timer) return;
  const wait = Math.max(0, state.lastFlushAt + FLUSH_INTERVAL_MS - now);
  state.timer = setTimeout(() => {
    state.timer = null;
    const inRedis = upstashRedis() !== null;
    if (!inRedis && state.counts.size === 0 && state.requests.size === 0) return;
    // A request may have flushed meanwhile (or be flushing): wait for the next due time.
    if (!requestsFlushDue()) return scheduleTimer(Date.now());
    void flushRequests().then(() => {
      // In Redis the next request sets the timer again; in memory what is left needs one now.
      if (!inRedis && (state.counts.size > 0 || state.requests.size > 0)) scheduleTimer(Date.now());
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
  return { countRows: state.counts.size, requests: state.requests.size };
}

/** Tests: forget pending records and timers, as a freshly started instance. */
export function resetRequestRecorder(now: number = Date.now()): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.counts = new Map();
  state.requests = new RequestRings();
  state.lastFlushAt = now;
}
