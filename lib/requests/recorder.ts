import { randomUUID } from "node:crypto";

import { componentLogger, errorReason } from "../log";
import { processSingleton } from "../process-singleton";
import { type Redis, upstashBatchRedis, upstashRedis } from "../redis/client";
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
import { adoptLegacyBuffer, drainRedis, recordInRedis } from "./redis-buffer";
import { RequestRings } from "./rings";
import { applyBatch, KEPT_REQUESTS_PER_KEY } from "./store";

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
 *   there from `after()` (one script, one Upstash command, which the platform waits for before
 *   it freezes the instance); the request whose write finds the buffer due (nobody drained it for
 *   FLUSH_INTERVAL_MS) moves it to Postgres in the same `after()`, and so do a timer on a
 *   long-running server when traffic stops and the `flush-requests` job. Exactly once:
 *   redis-buffer.ts (claim, one transaction with the batch's id, claim deleted, sweep).
 * - Single instance (no Upstash): in this process's memory, written at most every
 *   FLUSH_INTERVAL_MS (from `after()`, a timer, and at shutdown: installShutdownFlush), each
 *   flush one batch with an id of its own, in one transaction (store.ts applyBatch). A batch
 *   that fails is kept as it is and written again later under the same id, so a COMMIT whose
 *   answer was lost cannot count it twice.
 */
export const FLUSH_INTERVAL_MS = 15_000;
/** A long-running server drains the Redis buffer this long after the last drain it heard of, if no request of its own did. */
const REDIS_TAIL_GRACE_MS = 5_000;
/** Past this many pending count rows (only while Postgres is unreachable), new counts are dropped. */
const MAX_PENDING_ROWS = 100_000;
const MAX_USER_AGENT = 200;
const MAX_PATH = 200;

const log = componentLogger("requests");

interface MemoryBatch {
  id: string;
  counts: PendingCount[];
  requests: RecordedRequest[];
}

interface RecorderState {
  counts: Map<string, PendingCount>;
  /** The latest requests per key (a ring of at most KEPT_REQUESTS_PER_KEY each). */
  requests: RequestRings;
  /** A batch whose write failed: written again, as it is and under its id, before anything newer. */
  failed: MemoryBatch | null;
  lastFlushAt: number;
  /** Upstash: when the next drain may be picked, as this instance last heard from Redis. */
  redisDueAt: number;
  /** Upstash: this process has looked for the previous release's buffer (adoptLegacyBuffer). */
  legacyAdopted: boolean;
  flushing: Promise<Moved> | null;
  timer: NodeJS.Timeout | null;
  droppedWarningAt: number;
}

const state = processSingleton<RecorderState>("api-request-recorder", () => ({
  counts: new Map(),
  requests: new RequestRings(),
  failed: null,
  lastFlushAt: Date.now(),
  redisDueAt: 0,
  legacyAdopted: false,
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
 * returns the write to Redis, not yet started, for the caller to run in `after()`; when Redis
 * picks this request to move the buffer, that work also moves it.
 */
export function recordRequest(request: RecordedRequest): (() => Promise<void>) | undefined {
  if (!request.keyId && !request.keyHash) return undefined;
  const redis = upstashRedis();
  if (redis) {
    const record = trimmed(request);
    return async () => {
      const reply = await recordInRedis(redis, record, FLUSH_INTERVAL_MS);
      if (!reply) return;
      if (reply.drainNow) {
        await flushRequests();
        noteRedisDue(Date.now() + FLUSH_INTERVAL_MS);
      } else {
        noteRedisDue(Date.now() + reply.dueInMs);
      }
    };
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
  if (!request.countOnly && !state.requests.add(ref, trimmed(request))) warnDropped("requests");
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

/**
 * Single instance: true when something waits and the last flush is at least FLUSH_INTERVAL_MS
 * old. With Upstash always false: the Redis write of a request says when it should move the
 * buffer (recordRequest), so no instance asks Redis on a schedule of its own.
 */
export function requestsFlushDue(now: number = Date.now()): boolean {
  if (upstashRedis()) return false;
  if (state.flushing !== null || now - state.lastFlushAt < FLUSH_INTERVAL_MS) return false;
  return holdsRecords();
}

function holdsRecords(): boolean {
  return state.counts.size > 0 || state.requests.size > 0 || state.failed !== null;
}

export async function flushRequestsIfDue(now: number = Date.now()): Promise<void> {
  if (requestsFlushDue(now)) await flushRequests();
}

/**
 * The `flush-requests` job: moves the Redis buffer to Postgres even when no request comes to
 * do it (the last burst before a quiet night), and sweeps claims whose writer died. In
 * single-instance mode it has nothing to do.
 */
export async function runFlushRequests(): Promise<Moved> {
  return upstashRedis() ? flushRequests({ job: true }) : NOTHING_MOVED;
}

/** Upstash: the job, and each process's first drain, also adopt the previous release's buffer. */
async function drainUpstash(redis: Redis, elect: boolean | undefined, adoptLegacy: boolean): Promise<Moved> {
  const moved = await drainRedis(redis, { elect, flushIntervalMs: FLUSH_INTERVAL_MS });
  if (!adoptLegacy) return moved;
  state.legacyAdopted = true;
  const adopted = await adoptLegacyBuffer(redis);
  return { countRows: moved.countRows + adopted.countRows, requests: moved.requests + adopted.requests };
}

/**
 * Moves everything recorded so far to Postgres now and waits for it: this process's memory, or
 * the Redis buffer (shared by every instance) when Upstash is configured. What fails to be
 * written is kept, as the same batch, for the next flush. Concurrent calls share the flush in progress.
 */
export function flushRequests(options: { elect?: boolean; job?: boolean } = {}): Promise<Moved> {
  if (state.flushing) return state.flushing;
  state.lastFlushAt = Date.now();
  const redis = upstashBatchRedis();
  state.flushing = (
    redis ? drainUpstash(redis, options.elect, options.job === true || !state.legacyAdopted) : flushMemory()
  ).finally(() => {
    state.flushing = null;
  });
  return state.flushing;
}

async function flushMemory(): Promise<Moved> {
  let moved = NOTHING_MOVED;
  if (state.failed) {
    // First the batch that failed, as it was: merged into newer records it would get a new id,
    // and count twice if its COMMIT had in fact succeeded.
    const batch = state.failed;
    if (!(await writeMemoryBatch(batch))) return NOTHING_MOVED;
    state.failed = null;
    moved = { countRows: batch.counts.length, requests: batch.requests.length };
  }
  if (state.counts.size === 0 && state.requests.size === 0) return moved;
  const batch: MemoryBatch = { id: randomUUID(), counts: [...state.counts.values()], requests: state.requests.all() };
  state.counts = new Map();
  state.requests = new RequestRings();
  if (!(await writeMemoryBatch(batch))) {
    state.failed = batch;
    return moved;
  }
  return { countRows: moved.countRows + batch.counts.length, requests: moved.requests + batch.requests.length };
}

/** False when the write failed (logged; a timer retries it). */
async function writeMemoryBatch(batch: MemoryBatch): Promise<boolean> {
  try {
    await applyBatch(batch.id, batch.counts, batch.requests);
    return true;
  } catch (error) {
    scheduleTimer(Date.now());
    log.warn(
      { batch: batch.id, countRows: batch.counts.length, requests: batch.requests.length, reason: errorReason(error) },
      "could not record API requests; kept for the next flush",
    );
    return false;
  }
}

// ---- timers and shutdown (single instance) ----

/** A timer for the requests of a burst that no later request will flush. Unref'd: never keeps a process alive. */
function scheduleTimer(now: number) {
  if (state.timer) return;
  const wait = Math.max(0, state.lastFlushAt + FLUSH_INTERVAL_MS - now);
  state.timer = setTimeout(() => {
    state.timer = null;
    if (!holdsRecords()) return;
    // A request may have flushed meanwhile (or be flushing): wait for the next due time.
    if (!requestsFlushDue()) return scheduleTimer(Date.now());
    void flushRequests().then(() => {
      if (holdsRecords()) scheduleTimer(Date.now());
    });
  }, wait);
  state.timer.unref();
}

/**
 * Upstash, on a long-running server: the last requests before traffic stops wait in Redis for a
 * request to pick someone to move them. This instance learns from each of its writes when the
 * next drain may be picked; if none of its own requests came after that (plus a grace), it asks
 * once itself — an election in Redis, so only one instance moves the buffer. While this instance
 * serves requests, their writes keep moving that time and the timer sends nothing.
 */
function noteRedisDue(dueAt: number) {
  state.redisDueAt = Math.max(state.redisDueAt, dueAt);
  if (state.timer) return;
  state.timer = setTimeout(
    () => {
      state.timer = null;
      if (Date.now() < state.redisDueAt + REDIS_TAIL_GRACE_MS) return noteRedisDue(state.redisDueAt);
      void flushRequests({ elect: true });
    },
    Math.max(0, state.redisDueAt + REDIS_TAIL_GRACE_MS - Date.now()),
  );
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

/** Count rows and requests not yet written, a failed batch included (tests and diagnostics). */
export function pendingRequestRecords(): { countRows: number; requests: number } {
  return {
    countRows: state.counts.size + (state.failed?.counts.length ?? 0),
    requests: state.requests.size + (state.failed?.requests.length ?? 0),
  };
}

/** Tests: forget pending records and timers, as a freshly started instance. */
export function resetRequestRecorder(now: number = Date.now()): void {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  state.counts = new Map();
  state.requests = new RequestRings();
  state.failed = null;
  state.lastFlushAt = now;
  state.redisDueAt = 0;
}
