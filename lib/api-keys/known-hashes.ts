import { db } from "../db/client";
import { processSingleton } from "../process-singleton";

/**
 * Which key hashes exist, without a lookup per request: consulted only for an address that has
 * spent its budget of unknown keys (lib/api/failure-budget.ts), so that its neighbours' valid
 * keys still get their lookup while its guesses get none. Loaded on first need, then topped up
 * with keys created since, at most every REFRESH_MS: a bounded cost, whatever the request rate.
 * Holds the first 64 bits of each hash: a collision only grants one lookup.
 */
export const REFRESH_MS = 5_000;
/** Covers transactions that commit a little after their createdAt. */
const CREATED_MARGIN_MS = 60_000;

interface KnownHashes {
  hashes: Set<string> | null;
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

const short = (hash: string) => hash.slice(0, 16);

/** True when a key with this hash may exist (then it deserves its lookup). */
export async function mayBeKnownKeyHash(hash: string, now: number = Date.now()): Promise<boolean> {
  if (state.hashes?.has(short(hash))) return true;
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
  return state.hashes?.has(short(hash)) ?? false;
}

async function refresh(now: number) {
  const since = state.hashes ? new Date(state.loadedAt - CREATED_MARGIN_MS) : null;
  const rows = await db.apiKey.findMany({
    where: since ? { createdAt: { gte: since } } : { revokedAt: null },
    select: { hash: true },
  });
  const hashes = state.hashes ?? new Set<string>();
  for (const row of rows) hashes.add(short(row.hash));
  state.hashes = hashes;
  state.loadedAt = now;
  state.loads += 1;
}

/** A key created by this process is known at once, not at the next refresh. */
export function rememberKeyHash(hash: string): void {
  state.hashes?.add(short(hash));
}

/** Tests and diagnostics: how many times the hashes were read from the database. */
export function knownHashLoads(): number {
  return state.loads;
}

/** Tests: behave like a freshly started instance. */
export function forgetKnownHashes(): void {
  state.hashes = null;
  state.loadedAt = 0;
  state.failedAt = 0;
}
