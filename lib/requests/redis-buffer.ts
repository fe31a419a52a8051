import { randomUUID } from "node:crypto";
import { componentLogger, errorReason } from "../log";
import type { Redis } from "../redis/client";
import { type BufferKeys, legacyBufferKeys, requestBufferKeys } from "./buffer-keys";
import {
  countId,
  hourBucket,
  MAX_PENDING_REQUESTS,
  type Moved,
  NOTHING_MOVED,
  outcomeColumn,
  type PendingCount,
  type RecordedRequest,
} from "./records";
import { CLAIM, FINISH, RECORD, runScript as run, TAKE_OVER } from "./redis-scripts";
import { applyBatch, KEPT_REQUESTS_PER_KEY } from "./store";

const log = componentLogger("requests");

/**
 * The Redis side of the request buffer (Upstash deployments), exactly once from Redis to Postgres:
 *
 * 1. Record: one script per request (one Upstash command) adds to the hour's counters, puts
 *    the request in its key's ring (bounded per key and in all), and picks the caller to drain
 *    when nobody has for FLUSH_INTERVAL_MS (SET NX PX of the `due` key, inside the same script:
 *    no lock command).
 * 2. Claim: one script RENAMEs the counters and the ring to keys of a new batch id and registers
 *    the claim (ZADD claims <now> <id>), atomically: what a request records from then on goes to
 *    the next batch, and no two drains can take the same request.
 * 3. Write: counts and requests in ONE Postgres transaction that first inserts the batch id
 *    ("RequestBatch"; store.ts applyBatch): a batch already written writes nothing.
 * 4. Finish: the batch's keys and its claim are deleted, only after the commit.
 * 5. Sweep: a claim older than CLAIM_STALE_MS (its writer died, or its reply or its commit got
 *    lost) is taken over by the next drain and written again with the SAME id: it is written
 *    once whether or not the first attempt committed, even while that attempt still runs.
 *
 * Nothing is ever put back: a batch that fails stays claimed in Redis until a sweep writes it.
 */
export const CLAIM_STALE_MS = 60_000;
/** Claims that may wait at once (Postgres away): past this, new requests wait in the capped list. */
export const MAX_OPEN_CLAIMS = 4;
export interface RecordReply {
  /** This caller was picked to drain the buffer now. */
  drainNow: boolean;
  /** Otherwise: in how long the next drain may be picked (ms). */
  dueInMs: number;
}

/** How many requests the buffer keeps between drains: per key (its ring), and in all. */
export interface BufferBounds {
  perKey: number;
  total: number;
}
const BOUNDS: BufferBounds = { perKey: KEPT_REQUESTS_PER_KEY, total: MAX_PENDING_REQUESTS };

/**
 * One command per request: the hour's counters (a hash field per key, hour and column), the
 * request itself (unless `countOnly`) in its key's ring — the latest KEPT_REQUESTS_PER_KEY of
 * each key, MAX_PENDING_REQUESTS in all, so an unreachable Postgres cannot grow Redis forever and
 * one key's flood cannot push another key's requests out (as in memory: rings.ts) — and whether
 * this caller should drain. Null when Redis could not be written (logged).
 */
export async function recordInRedis(
  redis: Redis,
  request: RecordedRequest,
  flushIntervalMs: number,
  bounds: BufferBounds = BOUNDS,
): Promise<RecordReply | null> {
  try {
    const keys = await requestBufferKeys();
    const { countOnly, ...stored } = request;
    const ref = request.keyId ? `i:${request.keyId}` : `h:${request.keyHash}`;
    const bucket = hourBucket(request.at);
    const [picked, inMs] = await run<[number, number]>(
      redis,
      RECORD,
      [keys.counts, keys.ring, keys.ringSeqs, keys.due],
      [
        `${ref}:${bucket}`,
        outcomeColumn(request.status) ?? "",
        countOnly ? "" : JSON.stringify(stored),
        ref,
        bounds.perKey,
        bounds.total,
        flushIntervalMs,
      ],
    );
    return { drainNow: Number(picked) === 1, dueInMs: Math.max(0, Number(inMs) || 0) };
  } catch (error) {
    log.warn({ reason: errorReason(error) }, "could not record an API request in Redis");
    return null;
  }
}

export interface DrainOptions {
  /** Drain only if nobody has within the flush interval (a tail timer); the job and a picked caller do not ask. */
  elect?: boolean;
  flushIntervalMs?: number;
  now?: number;
}

export interface Claim {
  /** The claimed batch, if the buffer held anything. */
  batch: { id: string; counts: PendingCount[]; requests: RecordedRequest[] } | null;
  /** Claims older than CLAIM_STALE_MS, for the caller to sweep. */
  stale: string[];
}

/** Step 2: claims everything buffered as a new batch (exported for tests: a claim whose writer dies). */
export async function claimBatch(
  redis: Redis,
  options: DrainOptions & { from?: { counts: string; requests: string } } = {},
): Promise<Claim> {
  const keys = await requestBufferKeys();
  const now = options.now ?? Date.now();
  const id = randomUUID();
  const target = keys.batch(id);
  // The previous release's buffer (adoptLegacyBuffer) had no ring: keys that never exist stand in.
  const from = options.from
    ? { ...options.from, ring: `${options.from.requests}:no-ring`, ringSeqs: `${options.from.requests}:no-ring-seqs` }
    : keys;
  const reply = await run<[number, unknown[], unknown[]?, unknown[]?, unknown[]?]>(
    redis,
    CLAIM,
    [
      from.counts,
      from.requests,
      keys.claims,
      keys.due,
      target.counts,
      target.requests,
      from.ring,
      from.ringSeqs,
      target.ring,
    ],
    [id, now, now - CLAIM_STALE_MS, MAX_OPEN_CLAIMS, options.elect ? 1 : 0, options.flushIntervalMs ?? 15_000],
  );
  const [claimed, stale, fields, listed, ring] = reply;
  return {
    batch:
      Number(claimed) === 1
        ? {
            id,
            counts: countsFrom(fields ?? []),
            requests: [...requestsFrom(listed ?? []), ...requestsFrom(ring ?? [])],
          }
        : null,
    stale: (stale ?? []).map(String),
  };
}

/**
 * Moves the buffer to Postgres: claims it as a new batch, writes it, and sweeps the claims found
 * stale. Never throws; what could not be written stays claimed in Redis for a later sweep.
 */
export async function drainRedis(redis: Redis, options: DrainOptions = {}): Promise<Moved> {
  const now = options.now ?? Date.now();
  let claim: Claim;
  let keys: BufferKeys;
  try {
    keys = await requestBufferKeys();
    claim = await claimBatch(redis, options);
  } catch (error) {
    // If Redis did claim before the answer was lost, the claim is swept after CLAIM_STALE_MS.
    log.warn({ reason: errorReason(error) }, "could not claim the API request buffer in Redis");
    return NOTHING_MOVED;
  }
  let moved = NOTHING_MOVED;
  if (claim.batch) moved = plus(moved, await writeClaimed(redis, keys, claim.batch));
  for (const id of claim.stale) moved = plus(moved, await sweep(redis, keys, id, now));
  return moved;
}

/**
 * Claims what the release before Installation ids buffered under its URL-named keys (same
 * format) as a batch of this buffer, then writes it like any other: nothing recorded during a
 * deploy is orphaned. One command when there is nothing (the flush job, and once per process).
 */
export async function adoptLegacyBuffer(redis: Redis): Promise<Moved> {
  const from = legacyBufferKeys();
  if (!from) return NOTHING_MOVED;
  try {
    const keys = await requestBufferKeys();
    const { batch } = await claimBatch(redis, { from, now: Date.now() });
    return batch ? await writeClaimed(redis, keys, batch) : NOTHING_MOVED;
  } catch (error) {
    log.warn({ reason: errorReason(error) }, "could not adopt the previous release's API request buffer");
    return NOTHING_MOVED;
  }
}

async function sweep(redis: Redis, keys: BufferKeys, id: string, now: number): Promise<Moved> {
  const target = keys.batch(id);
  try {
    const reply = await run<[unknown[], unknown[], unknown[]] | number>(
      redis,
      TAKE_OVER,
      [keys.claims, target.counts, target.requests, target.ring],
      [id, now, now - CLAIM_STALE_MS],
    );
    if (!Array.isArray(reply)) return NOTHING_MOVED; // another drain took it over, or finished it
    const [fields, listed, ring] = reply;
    log.info({ batch: id }, "sweeping a claimed batch of API requests whose writer did not finish");
    return await writeClaimed(redis, keys, {
      id,
      counts: countsFrom(fields ?? []),
      requests: [...requestsFrom(listed ?? []), ...requestsFrom(ring ?? [])],
    });
  } catch (error) {
    log.warn({ batch: id, reason: errorReason(error) }, "could not sweep a claimed batch of API requests");
    return NOTHING_MOVED;
  }
}

/** Steps 3 and 4: one transaction, then the claim is deleted. */
async function writeClaimed(redis: Redis, keys: BufferKeys, batch: NonNullable<Claim["batch"]>): Promise<Moved> {
  let written: boolean;
  try {
    written = await applyBatch(batch.id, batch.counts, batch.requests);
  } catch (error) {
    log.warn(
      {
        batch: batch.id,
        countRows: batch.counts.length,
        requests: batch.requests.length,
        reason: errorReason(error),
      },
      `could not move recorded API requests to Postgres; kept in Redis as a claimed batch, retried after ${CLAIM_STALE_MS / 1000} s`,
    );
    return NOTHING_MOVED;
  }
  const target = keys.batch(batch.id);
  try {
    await run(redis, FINISH, [keys.claims, target.counts, target.requests, target.ring], [batch.id]);
  } catch (error) {
    // Written: a sweep finds the batch's row and only deletes the claim.
    log.warn({ batch: batch.id, reason: errorReason(error) }, "could not delete a written batch's claim in Redis");
  }
  return written ? { countRows: batch.counts.length, requests: batch.requests.length } : NOTHING_MOVED;
}

const plus = (a: Moved, b: Moved): Moved => ({
  countRows: a.countRows + b.countRows,
  requests: a.requests + b.requests,
});

/** HGETALL's flat [field, value, …]: "<i|h>:<ref>:<bucket>:<column>" → one row per key and hour. */
function countsFrom(flat: unknown[]): PendingCount[] {
  const rows = new Map<string, PendingCount>();
  for (let index = 0; index + 1 < flat.length; index += 2) {
    // Ids and hashes contain no colon.
    const [kind, ref, bucketText, column] = String(flat[index]).split(":");
    const bucket = Number(bucketText);
    if (!ref || !Number.isFinite(bucket)) continue;
    const row = { ref, byHash: kind === "h", bucket, requests: 0, rateLimited: 0, clientErrors: 0, serverErrors: 0 };
    const id = countId(row);
    const entry = rows.get(id) ?? row;
    rows.set(id, entry);
    if (column === "requests" || column === "rateLimited" || column === "clientErrors" || column === "serverErrors") {
      entry[column] += Number(flat[index + 1]) || 0;
    }
  }
  return [...rows.values()];
}

/** The client parses JSON replies itself; a string is parsed here. */
function requestsFrom(listed: unknown[]): RecordedRequest[] {
  return listed.map((entry) => (typeof entry === "string" ? JSON.parse(entry) : entry) as RecordedRequest);
}
