import { createHash } from "node:crypto";
import { errorReason } from "../log";
import type { Redis } from "../redis/client";

/**
 * The Lua scripts of the request buffer (redis-buffer.ts says what each step is for), and how
 * they run: each is one Upstash command, so a step is atomic in Redis and billed once.
 */
/** Stale claims one claim may return for sweeping. */
const SWEEP_LIMIT = 10;
interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/** EVALSHA (one command once Redis knows the script), EVAL when it does not yet. */
export async function runScript<T>(
  redis: Redis,
  { source, sha }: Script,
  keys: string[],
  args: (string | number)[],
): Promise<T> {
  try {
    return (await redis.evalsha(sha, keys, args)) as T;
  } catch (error) {
    if (!errorReason(error).toLowerCase().includes("noscript")) throw error;
    return (await redis.eval(source, keys, args)) as T;
  }
}

// KEYS: counts, ring, ring seqs, due. ARGV: field prefix "<i|h>:<ref>:<bucket>", outcome column
// or "", the request as JSON ("": counted only), the key's ring "<i|h>:<ref>", ring size per key,
// most requests in all rings, the flush interval (ms).
// The request takes its key's next slot: a key past its ring size overwrites its own oldest, and a
// key with room left gets a slot only while the total is under its bound — no key's requests can
// push out another's. Returns {1, interval} when the caller was picked to drain now, else {0, ms
// until one may be}.
export const RECORD = script(`
redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':requests', 1)
if ARGV[2] ~= '' then redis.call('HINCRBY', KEYS[1], ARGV[1] .. ':' .. ARGV[2], 1) end
if ARGV[3] ~= '' then
  local size = tonumber(ARGV[5])
  local n = tonumber(redis.call('HGET', KEYS[3], ARGV[4]) or '0')
  if n >= size or redis.call('HLEN', KEYS[2]) < tonumber(ARGV[6]) then
    redis.call('HSET', KEYS[2], ARGV[4] .. ':' .. (n % size), ARGV[3])
    redis.call('HINCRBY', KEYS[3], ARGV[4], 1)
  end
end
if redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[7]) then return {1, tonumber(ARGV[7])} end
return {0, redis.call('PTTL', KEYS[4])}
`);

// KEYS: counts, list (the previous release's), claims, due, the batch's counts, the batch's
// list, ring, ring seqs, the batch's ring.
// ARGV: batch id, now (ms), claims older than this are stale (ms), most open claims, elect (1:
// only if nobody drained within the interval), the flush interval (ms).
// Returns {claimed 0|1, stale claim ids[, the batch's counts as HGETALL, its list, its ring's values]}.
export const CLAIM = script(`
if ARGV[5] == '1' and not redis.call('SET', KEYS[4], '1', 'NX', 'PX', ARGV[6]) then return {0, {}} end
local stale = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[3], 'LIMIT', 0, ${SWEEP_LIMIT})
if redis.call('ZCARD', KEYS[3]) >= tonumber(ARGV[4]) then return {0, stale} end
local hasCounts = redis.call('EXISTS', KEYS[1]) == 1
local hasList = redis.call('EXISTS', KEYS[2]) == 1
local hasRing = redis.call('EXISTS', KEYS[7]) == 1
if not hasCounts and not hasList and not hasRing then return {0, stale} end
if hasCounts then redis.call('RENAME', KEYS[1], KEYS[5]) end
if hasList then redis.call('RENAME', KEYS[2], KEYS[6]) end
if hasRing then redis.call('RENAME', KEYS[7], KEYS[9]) end
redis.call('DEL', KEYS[8])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
return {1, stale, redis.call('HGETALL', KEYS[5]), redis.call('LRANGE', KEYS[6], 0, -1), redis.call('HVALS', KEYS[9])}
`);

// KEYS: claims, the batch's counts, list and ring. ARGV: batch id, now (ms), stale before (ms).
// Takes over a claim still stale (so concurrent sweepers do not all write it): {counts, list,
// ring values}, or 0.
export const TAKE_OVER = script(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return {redis.call('HGETALL', KEYS[2]), redis.call('LRANGE', KEYS[3], 0, -1), redis.call('HVALS', KEYS[4])}
`);

// KEYS: claims, the batch's counts, list and ring. ARGV: batch id. After the batch committed.
export const FINISH = script(`
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
return redis.call('ZREM', KEYS[1], ARGV[1])
`);
