import { randomBytes } from "node:crypto";
import { componentLogger } from "../../log";
import { processSingleton } from "../../process-singleton";
import { upstashRedis } from "../../redis/client";
import { CACHE_TTL_MS } from "./key-cache";

const log = componentLogger("api-keys");

/**
 * A key's invalidation version in Redis: how one instance tells every other to stop trusting
 * what it cached about a key, without a message bus. Random rather than a counter, so a version
 * that expired and came back can never match an old entry. See docs/architecture.md, "Caching".
 */

/**
 * How long a version outlives its write. It must outlive every cache entry verified before the
 * write, and those are stale CACHE_TTL_MS after their request started; the margin covers a
 * request that was slow between its version read and its database read.
 */
export const VERSION_TTL_SECONDS = 600;

const WRITE_ATTEMPTS = 3;

let warned = false;

function versionKey(hash: string): string {
  return `glyphic:api-key-version:${hash}`;
}

/**
 * The key's current version: null when none is set (or Upstash is not configured), undefined
 * when Redis could not be asked — the caller must then not trust the cache at all.
 *
 * Issued as GETEX without options (a plain read) rather than GET on purpose: @upstash/redis
 * auto-pipelines reads and writes separately, and the limiter's scripts are writes, so GETEX
 * puts the three commands of a request in one pipeline; on Upstash a write-class command is
 * also answered by the primary, where the version was written, never by a lagging replica.
 */
export async function readKeyVersion(hash: string): Promise<string | null | undefined> {
  const redis = upstashRedis();
  if (!redis) {
    if (!warned) {
      warned = true;
      processSingleton("key-version-warning", () =>
        log.warn(
          "no Upstash: key invalidations reach this instance only, so with several instances a key " +
            `revoked through one may still be served from another's cache for up to ${CACHE_TTL_MS / 1000} s.`,
        ),
      );
    }
    return null;
  }
  try {
    const value = await redis.getex<string>(versionKey(hash));
    return value === null ? null : String(value);
  } catch {
    // The limiter logs Upstash outages (it shares this round trip); the cache is just bypassed.
    return undefined;
  }
}

/** Sets a new version for the key, so every instance re-reads it from the database. */
export async function publishKeyVersion(hash: string): Promise<void> {
  const redis = upstashRedis();
  if (!redis) return;
  // Letters first: the client would turn an all-digit value into a number.
  const version = `v${randomBytes(12).toString("base64url")}`;
  let lastError: unknown;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    try {
      await redis.set(versionKey(hash), version, { ex: VERSION_TTL_SECONDS });
      return;
    } catch (error) {
      lastError = error;
    }
  }
  // The database change stands (the caller already committed it), and this instance forgot the
  // key. Another instance that can reach Redis while this one cannot may serve the key from
  // its cache for up to CACHE_TTL_MS; one that cannot reach Redis bypasses its cache.
  log.error(
    { attempts: WRITE_ATTEMPTS, reason: (lastError as Error)?.message?.split(", command was")[0] },
    `could not publish a key invalidation to Redis: other instances may use their cached copy of the key for up to ${CACHE_TTL_MS / 1000} s`,
  );
}
