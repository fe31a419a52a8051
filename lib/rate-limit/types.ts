export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix time in milliseconds when the current window ends (a denied caller is let in after it). */
  reset: number;
  /** The store could not be asked, so the request was let through uncounted (fail open). */
  failedOpen?: true;
}

export interface RateLimiter {
  readonly backend: "upstash" | "memory";
  /** Counts one request and says whether it is allowed. */
  limit(identifier: string): Promise<RateLimitResult>;
  /** The state without counting a request (`success` = one more request would be allowed). */
  peek(identifier: string): Promise<RateLimitResult>;
  /** Gives back one request counted by `limit` (a reserved attempt that turned out fine). */
  refund(identifier: string): Promise<void>;
}

export interface RateLimitRule {
  /** Namespace of the counters, e.g. "api:key". */
  prefix: string;
  requests: number;
  windowSeconds: number;
}
