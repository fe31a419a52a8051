import type { Redis } from "@upstash/redis";
import { componentLogger, errorReason } from "../log";
import { requestBufferKeys } from "./buffer-keys";
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
import { writeBatch } from "./store";

const log = componentLogger("requests");

/**
 * One pipelined call per request: the hour's counters (a hash field per key, hour and column)
 * and the request itself (a capped list, so an unreachable Postgres cannot grow Redis forever).
 */
export async function recordInRedis(redis: Redis, request: RecordedRequest): Promise<void> {
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
export async function drainRedis(redis: Redis): Promise<Moved> {
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
