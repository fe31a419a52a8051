export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Unix time in milliseconds when the window frees a request. */
  reset: number;
}

export interface RateLimiter {
  readonly backend: "upstash" | "memory";
  /** Counts one request and says whether it is allowed. */
  limit(identifier: string): Promise<RateLimitResult>;
  /** How many requests are left, without counting one. */
  peek(identifier: string): Promise<{ remaining: number }>;
}

export interface RateLimitRule {
  /** Namespace of the counters, e.g. "api:key". */
  prefix: string;
  requests: number;
  windowSeconds: number;
}
