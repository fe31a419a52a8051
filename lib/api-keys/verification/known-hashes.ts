import { db } from "../../db/client";
import { processSingleton } from "../../process-singleton";
import { HashPrefixSet } from "./hash-prefix-set";

/**
 * Which key hashes exist, without a lookup per request: consulted only for an address that has
 * spent its budget of unknown keys (lib/api/failure-budget.ts), so that its neighbours' valid
 * keys still get their lookup while its guesses get none. Loaded on first need, then topped up
 * with keys created since, at most every REFRESH_MS: a bounded cost, whatever the request rate.
 *
 * Holds the first 64 bits of each hash (lib/api-keys/verification/hash-prefix-set.ts), and the database sends
 * exactly those: one row, the prefixes of all active keys aggregated in SQL into one base64 text
 * (rather than a million rows of 64-character hashes), kept as a sorted BigUint64Array. A cold instance's first over-budget request can trigger this load,
 * so it must stay cheap: `npm run bench:known-hashes` measures it.
 *
 * A collision only grants one lookup. A random guess collides with probability n / 2^64
 * (≈ 5.4e-14 at 1,000,000 keys), so finding a guess that collides — and could then be replayed
 * for a lookup per request — takes ~2^64 / n guesses: out of reach (32 bits would take ~4,300).
 */
export const REFRESH_MS = 5_000;
/** Covers transactions that commit a little after their createdAt. */
const CREATED_MARGIN_MS = 60_000;

interface KnownHashes {
  hashes: HashPrefixSet | null;
  loadedAt: number;
  /** A failed refresh (database down) is not retried before REFRESH_MS either. */
  failedAt: number;
  loading: Promise<void> | null;
  loads: number;
}

const state = processSingleton<KnownHashes>("known-key-hashes", () => ({
  hashes: null,
  loadedAt: 0,
  failedAt: 0,
  loading: null,
  loads: 0,
}));

/** True when a key with this hash may exist (then it deserves its lookup). */
export async function mayBeKnownKeyHash(hash: string, now: number = Date.now()): Promise<boolean> {
  if (state.hashes?.has(hash)) return true;
  if (state.hashes && now - state.loadedAt < REFRESH_MS) return false;
  if (now - state.failedAt < REFRESH_MS) return false;
  state.loading ??= refresh(now)
    .catch((error) => {
      state.failedAt = now;
      throw error;
    })
    .finally(() => {
      state.loading = null;
    });
  await state.loading;
  return state.hashes?.has(hash) ?? false;
}

/**
 * The set's answer without loading it: true only when it is loaded and holds the hash. For
 * callers that must never cause the load (a refused request's record, lib/api/with-api-key.ts).
 */
export function isLoadedKnownKeyHash(hash: string): boolean {
  return state.hashes?.has(hash) ?? false;
}

/**
 * The first 8 bytes of each hash (SHA-256 hex, so always 16 hex digits: lib/api-keys/format.ts),
 * concatenated. No ORDER BY: the instance sorts them faster than Postgres would (figures in
 * docs/benchmarks/, "Known key hashes"). base64 rather than bytea: a bytea travels as hex text (twice its size).
 */
const PREFIXES = `SELECT coalesce(encode(string_agg(decode(left("hash", 16), 'hex'), ''::bytea), 'base64'), '') AS "packed"
  FROM "ApiKey"`;

/** Packed prefixes of active keys (the first load), or of every key created since `since` (top-up). */
export async function loadHashPrefixes(since: Date | null): Promise<Uint8Array> {
  const [row] = since
    ? await db.$queryRawUnsafe<{ packed: string }[]>(
        `${PREFIXES} WHERE "createdAt" >= $1::timestamp`,
        since.toISOString(),
      )
    : await db.$queryRawUnsafe<{ packed: string }[]>(`${PREFIXES} WHERE "revokedAt" IS NULL`);
  return Buffer.from(row?.packed ?? "", "base64");
}

async function refresh(now: number) {
  if (state.hashes) {
    state.hashes.addPacked(await loadHashPrefixes(new Date(state.loadedAt - CREATED_MARGIN_MS)));
  } else {
    state.hashes = new HashPrefixSet(await loadHashPrefixes(null));
  }
  state.loadedAt = now;
  state.loads += 1;
}

/** A key created by this process is known at once, not at the next refresh. */
export function rememberKeyHash(hash: string): void {
  state.hashes?.add(hash);
}

/** Tests and diagnostics: how many times the hashes were read from the database. */
export function knownHashLoads(): number {
  return state.loads;
}

/** Tests and diagnostics: how many prefixes are held (null before the first load). */
export function knownHashCount(): number | null {
  return state.hashes?.size ?? null;
}

/** Tests: behave like a freshly started instance. */
export function forgetKnownHashes(): void {
  state.hashes = null;
  state.loadedAt = 0;
  state.failedAt = 0;
}
