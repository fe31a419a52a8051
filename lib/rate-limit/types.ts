export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix time in milliseconds when the current window ends (a denied caller is let in after it). */
  reset: number;
  /** The store could not be asked, so the request was let through uncounted (fail open). */
  failedOpen?: true;
}

interface RateLimiterCalls {
  /** Counts one request and says whether it is allowed. */
  limit(identifier: string): Promise<RateLimitResult>;
  /** The state without counting a request (`success` = one more request would be allowed). */
  peek(identifier: string): Promise<RateLimitResult>;
  /** Gives back one request counted by `limit` (a reserved attempt that turned out fine). */
  refund(identifier: string): Promise<void>;
}

export interface UpstashRateLimiter extends RateLimiterCalls {
  readonly backend: "upstash";
}

/** In process nothing waits on I/O, so `limit` and `peek` also answer synchronously. */
export interface MemoryRateLimiter extends RateLimiterCalls {
  readonly backend: "memory";
  limitNow(identifier: string): RateLimitResult;
  peekNow(identifier: string): RateLimitResult;
}

export type RateLimiter = UpstashRateLimiter | MemoryRateLimiter;

export interface RateLimitRule {
  /** Namespace of the counters, e.g. "api:key". */
  prefix: string;
  requests: number;
  windowSeconds: number;
}
