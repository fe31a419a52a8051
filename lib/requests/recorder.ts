import { upstashBatchRedis, upstashRedis } from "../redis/client";
import { memorySink } from "./memory-sink";
import { MAX_PENDING_REQUESTS, type Moved, type RecordedRequest } from "./records";
import { FLUSH_INTERVAL_MS, type FlushOptions, type RequestSink } from "./sink";
import { KEPT_REQUESTS_PER_KEY } from "./store";
import { upstashSink } from "./upstash-sink";

export type { RecordedRequest } from "./records";
export { FLUSH_INTERVAL_MS, KEPT_REQUESTS_PER_KEY, MAX_PENDING_REQUESTS };

/**
 * What the API records about the requests made with each key, without a database write per
 * request: counts per key per UTC hour (ApiKeyUsage: all requests, and how many ended in a 429,
 * another 4xx or a 5xx) and the latest requests themselves (ApiRequest, for the key's page).
 *
 * Where a request waits before it reaches Postgres depends on the deployment (docs/architecture.md,
 * "Where requests are recorded", says what each can lose):
 * - With Upstash (several instances, serverless): in Redis (upstash-sink.ts). The wrapper writes
 *   each request there from `after()` (one script, one Upstash command, which the platform waits
 *   for before it freezes the instance); the request whose write finds the buffer due (nobody
 *   drained it for FLUSH_INTERVAL_MS) moves it to Postgres in the same `after()`, and so do a
 *   timer on a long-running server when traffic stops and the `flush-requests` job. Exactly
 *   once: redis-buffer.ts (claim, one transaction with the batch's id, claim deleted, sweep).
 * - Single instance (no Upstash): in this process's memory (memory-sink.ts), written at most
 *   every FLUSH_INTERVAL_MS (from `after()`, a timer, and at shutdown: installShutdownFlush),
 *   each flush one batch with an id of its own, in one transaction (store.ts applyBatch). A
 *   batch that fails is kept as it is and written again later under the same id, so a COMMIT
 *   whose answer was lost cannot count it twice.
 *
 * This module picks the sink once (sink.ts) and is what the rest of the code calls.
 */
const MAX_USER_AGENT = 200;
const MAX_PATH = 200;

let chosen: RequestSink | null = null;

/** Upstash when configured (both clients come from the same settings), memory otherwise; fixed for the process. */
function sink(): RequestSink {
  if (!chosen) {
    const redis = upstashRedis();
    const batches = upstashBatchRedis();
    chosen = redis && batches ? upstashSink(redis, batches) : memorySink();
  }
  return chosen;
}

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
  return sink().record(trimmed(request));
}

/**
 * Single instance: true when something waits and the last flush is at least FLUSH_INTERVAL_MS
 * old. With Upstash always false: the Redis write of a request says when it should move the
 * buffer (recordRequest), so no instance asks Redis on a schedule of its own.
 */
export function requestsFlushDue(now: number = Date.now()): boolean {
  return sink().flushDue(now);
}

export async function flushRequestsIfDue(now: number = Date.now()): Promise<void> {
  if (requestsFlushDue(now)) await flushRequests();
}

/**
 * The `flush-requests` job: moves the Redis buffer to Postgres even when no request comes to
 * do it (the last burst before a quiet night), and sweeps claims whose writer died. In
 * single-instance mode it has nothing to do.
 */
export function runFlushRequests(): Promise<Moved> {
  return sink().runJob();
}

/**
 * Moves everything recorded so far to Postgres now and waits for it: this process's memory, or
 * the Redis buffer (shared by every instance) when Upstash is configured. What fails to be
 * written is kept, as the same batch, for the next flush. Concurrent calls share the flush in progress.
 */
export function flushRequests(options: FlushOptions = {}): Promise<Moved> {
  return sink().flush(options);
}

/**
 * At shutdown (lib/shutdown.ts): writes what this process holds and says how many requests that
 * was. With Upstash nothing is held here (the records are already in Redis).
 */
export function flushRequestsAtShutdown(): Promise<number> {
  return sink().flushAtShutdown();
}

/** Count rows and requests not yet written, a failed batch included (tests and diagnostics). */
export function pendingRequestRecords(): Moved {
  return sink().pending();
}

/** Tests: forget pending records and timers, as a freshly started instance. */
export function resetRequestRecorder(now: number = Date.now()): void {
  sink().reset(now);
}
