import { processSingleton } from "../process-singleton";

/**
 * Verified keys, in process, by SHA-256 hash: a cache hit spares the API request its database
 * lookup, the largest cost of the hot path (PLATFORM.md: ≈ 0.6 ms of CPU per request).
 *
 * Revocation stays immediate because an entry is served only while all of these hold:
 * - it was verified against the database less than CACHE_TTL_MS ago (counted from the start of
 *   the request that verified it, not from when it was stored);
 * - the key's own expiry has not passed;
 * - the key's invalidation version read from Redis on this very request (in the same round trip
 *   as the rate limit, see key-cache-version.ts) is the one seen when the entry was verified.
 *   invalidateApiKey() writes a new version after every revoke, roll, rename or expiry change,
 *   before it returns, so every instance re-reads the key on its next request;
 * - no invalidation happened in this process while the entry's database read was in flight
 *   (the generation below): a request that read the row just before a revoke committed must
 *   not store the now-revoked key after the revoke dropped it.
 *
 * Only keys the database reported active are stored; unknown, revoked and expired keys never are.
 */
export const CACHE_TTL_MS = 30_000;
export const CACHE_MAX_ENTRIES = 10_000;

export interface CachedKey<Value> {
  value: Value;
  /** The key's own expiry (epoch ms), null when it never expires. */
  expiresAt: number | null;
  /** The invalidation version the entry was verified under (null: none was set). */
  version: string | null;
  /** When the entry stops being served (epoch ms). */
  staleAt: number;
}

interface CacheState {
  entries: Map<string, CachedKey<unknown>>;
  /** Bumped by every local invalidation; see the module comment. */
  generation: number;
}

// Per process, not per bundle: a revoke in a server action must reach what a route remembers.
const state = processSingleton<CacheState>("api-key-cache", () => ({ entries: new Map(), generation: 0 }));

/** Taken before the database read whose result may be stored with storeVerifiedKey. */
export function keyCacheGeneration(): number {
  return state.generation;
}

/** The cached value for the hash, or undefined when there is none that may still be served. */
export function cachedVerifiedKey<Value>(hash: string, version: string | null, now: number): Value | undefined {
  const entry = state.entries.get(hash) as CachedKey<Value> | undefined;
  if (!entry) return undefined;
  const expired = entry.expiresAt !== null && entry.expiresAt <= now;
  if (entry.version !== version || entry.staleAt <= now || expired) {
    state.entries.delete(hash);
    return undefined;
  }
  return entry.value;
}

export interface VerifiedAt {
  /** The invalidation version read before the database lookup. */
  version: string | null;
  /** keyCacheGeneration() before the database lookup. */
  generation: number;
  /** When the request that did the lookup started (epoch ms). */
  requestStartedAt: number;
  /** The key's expiry, epoch ms, or null. */
  expiresAt: number | null;
}

/** Stores a key the database just reported active, unless an invalidation overtook the read. */
export function storeVerifiedKey<Value>(hash: string, value: Value, at: VerifiedAt, now: number): boolean {
  if (at.generation !== state.generation) return false;
  const staleAt = at.requestStartedAt + CACHE_TTL_MS;
  if (staleAt <= now || (at.expiresAt !== null && at.expiresAt <= now)) return false;
  const { entries } = state;
  entries.delete(hash); // re-inserted last: Map order doubles as the eviction order
  entries.set(hash, { value, expiresAt: at.expiresAt, version: at.version, staleAt });
  if (entries.size > CACHE_MAX_ENTRIES) evict(now);
  return true;
}

/** Drops stale entries, then the oldest ones until the cache is back under its bound. */
function evict(now: number) {
  const { entries } = state;
  for (const [hash, entry] of entries) if (entry.staleAt <= now) entries.delete(hash);
  for (const hash of entries.keys()) {
    if (entries.size <= CACHE_MAX_ENTRIES) break;
    entries.delete(hash);
  }
}

/** Forgets the key in this process, and makes reads in flight unable to store it again. */
export function forgetCachedKey(hash: string): void {
  state.generation += 1;
  state.entries.delete(hash);
}

/** Tests and diagnostics. */
export function keyCacheSize(): number {
  return state.entries.size;
}

/** Tests: behave like a freshly started instance. */
export function clearKeyCache(): void {
  state.generation += 1;
  state.entries.clear();
}
