import { processSingleton } from "../../process-singleton";

/**
 * Verified keys and refusals, in process, by SHA-256 hash: a hit spares the request its database
 * lookup. Revocation stays immediate because an entry is served only under the invalidation
 * version it was verified with, within CACHE_TTL_MS, before the key's own expiry, and only if no
 * local invalidation overtook its read (the four rules in docs/architecture.md, "Caching").
 * Values are stored as verified (e.g. a key's compiled Allowed addresses), so a hit costs no parsing.
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

type Shelf = Map<string, CachedKey<unknown>>;

interface CacheState {
  /** Keys the database reported active. */
  entries: Shelf;
  /** Answers that refuse a key (revoked, expired, no such key): a key retried in a loop after
   * its revoke costs one lookup per CACHE_TTL_MS, and never the budget of its address. Kept apart
   * so a flood of refused keys cannot push verified ones out. */
  refusals: Shelf;
  /** Bumped by every local invalidation; see the module comment. */
  generation: number;
}

// Per process, not per bundle: a revoke in a server action must reach what a route remembers.
const state = processSingleton<CacheState>("api-key-cache", () => ({
  entries: new Map(),
  refusals: new Map(),
  generation: 0,
}));

/** Taken before the database read whose result may be stored with storeVerifiedKey. */
export function keyCacheGeneration(): number {
  return state.generation;
}

function read<Value>(shelf: Shelf, hash: string, version: string | null, now: number): Value | undefined {
  const entry = shelf.get(hash) as CachedKey<Value> | undefined;
  if (!entry) return undefined;
  const expired = entry.expiresAt !== null && entry.expiresAt <= now;
  if (entry.version !== version || entry.staleAt <= now || expired) {
    shelf.delete(hash);
    return undefined;
  }
  return entry.value;
}

function write<Value>(shelf: Shelf, hash: string, value: Value, at: VerifiedAt, now: number): boolean {
  if (at.generation !== state.generation) return false;
  const staleAt = at.requestStartedAt + CACHE_TTL_MS;
  if (staleAt <= now || (at.expiresAt !== null && at.expiresAt <= now)) return false;
  shelf.delete(hash); // re-inserted last: Map order doubles as the eviction order
  shelf.set(hash, { value, expiresAt: at.expiresAt, version: at.version, staleAt });
  if (shelf.size > CACHE_MAX_ENTRIES) evict(shelf, now);
  return true;
}

/** The cached value for the hash, or undefined when there is none that may still be served. */
export function cachedVerifiedKey<Value>(hash: string, version: string | null, now: number): Value | undefined {
  return read<Value>(state.entries, hash, version, now);
}

/** A cached refusal of the hash (same rules as verified keys), or undefined. */
export function cachedRefusal<Value>(hash: string, version: string | null, now: number): Value | undefined {
  return read<Value>(state.refusals, hash, version, now);
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
  return write(state.entries, hash, value, at, now);
}

/** Stores the database's refusal of a key, under the same rules. */
export function storeRefusal<Value>(hash: string, value: Value, at: VerifiedAt, now: number): boolean {
  return write(state.refusals, hash, value, at, now);
}

/** Drops stale entries, then the oldest ones until the shelf is back under its bound. */
function evict(shelf: Shelf, now: number) {
  for (const [hash, entry] of shelf) if (entry.staleAt <= now) shelf.delete(hash);
  for (const hash of shelf.keys()) {
    if (shelf.size <= CACHE_MAX_ENTRIES) break;
    shelf.delete(hash);
  }
}

/** Forgets the key in this process, and makes reads in flight unable to store it again. */
export function forgetCachedKey(hash: string): void {
  state.generation += 1;
  state.entries.delete(hash);
  state.refusals.delete(hash);
}

/** Tests and diagnostics. */
export function keyCacheSize(): number {
  return state.entries.size;
}

/** Tests: behave like a freshly started instance. */
export function clearKeyCache(): void {
  state.generation += 1;
  state.entries.clear();
  state.refusals.clear();
}
