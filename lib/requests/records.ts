/**
 * What the recorder (recorder.ts) holds about requests made with keys, on its way to Postgres
 * (store.ts) directly or through Redis (redis-buffer.ts).
 */

export const HOUR_MS = 3_600_000;
/** Requests kept in memory or Redis between flushes, across keys (each key keeps at most KEPT_REQUESTS_PER_KEY). */
export const MAX_PENDING_REQUESTS = 20_000;

/** One request made with a key, as recorded. Never the key, never a header but the user agent. */
export interface RecordedRequest {
  /** The key's id, once it was looked up. */
  keyId?: string;
  /** The key's hash, for a request refused before its lookup (its own rate limit, on Upstash). */
  keyHash?: string;
  at: number;
  method: string;
  /** The pathname: never the query string, whose values may be anything. */
  path: string;
  status: number;
  clientAddress: string;
  userAgent: string | null;
  durationMs: number;
  /**
   * Counted on its key (by hash), but not kept as a request: a refusal before the lookup whose
   * hash this instance cannot tell is a key's without I/O (lib/api/with-api-key.ts). Never stored.
   */
  countOnly?: boolean;
}

export interface PendingCount {
  /** Key id, or key hash for counts taken before the lookup. */
  ref: string;
  byHash: boolean;
  /** Start of the UTC hour, epoch ms. */
  bucket: number;
  requests: number;
  rateLimited: number;
  clientErrors: number;
  serverErrors: number;
}

export type CountColumn = "rateLimited" | "clientErrors" | "serverErrors";

/** Which column besides `requests` a status adds to (none for a success). */
export function outcomeColumn(status: number): CountColumn | null {
  if (status === 429) return "rateLimited";
  if (status >= 500) return "serverErrors";
  if (status >= 400) return "clientErrors";
  return null;
}

/** The start of the UTC hour a request is counted in, epoch ms. */
export function hourBucket(at: number): number {
  return Math.floor(at / HOUR_MS) * HOUR_MS;
}

/** The start of the UTC day a request falls in, epoch ms (per-day aggregates). */
export function dayBucket(at: number): number {
  return Math.floor(at / 86_400_000) * 86_400_000;
}

/** One request as a count row of its hour (the memory sink adds these up; Redis does the same in Lua). */
export function countOf(request: RecordedRequest): PendingCount {
  const column = outcomeColumn(request.status);
  return {
    ref: request.keyId ?? (request.keyHash as string),
    byHash: !request.keyId,
    bucket: hourBucket(request.at),
    requests: 1,
    rateLimited: column === "rateLimited" ? 1 : 0,
    clientErrors: column === "clientErrors" ? 1 : 0,
    serverErrors: column === "serverErrors" ? 1 : 0,
  };
}

export function countId(row: Pick<PendingCount, "ref" | "byHash" | "bucket">): string {
  return `${row.byHash ? "h" : "i"}:${row.ref}:${row.bucket}`;
}

export interface Moved {
  countRows: number;
  requests: number;
}
export const NOTHING_MOVED: Moved = { countRows: 0, requests: 0 };
