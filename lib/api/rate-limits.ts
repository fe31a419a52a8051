import { env } from "../env";
import { type RateLimiter, type RateLimitResult, type RateLimitRule, rateLimiter } from "../rate-limit";

export function keyRateLimitRule(): RateLimitRule {
  const config = env();
  return {
    prefix: "api:key",
    requests: config.API_RATE_LIMIT_REQUESTS,
    windowSeconds: config.API_RATE_LIMIT_WINDOW_SECONDS,
  };
}

/** Per key: identified by the key's SHA-256, never by the key itself. */
export function keyRateLimiter(): RateLimiter {
  return rateLimiter(keyRateLimitRule());
}

/** X-RateLimit-* as documented: limit, requests left, end of the window in unix seconds. */
export function rateLimitHeaders(result: RateLimitResult): Record<string, string> {
  const headers: Record<string, string> = {
    "X-RateLimit-Limit": String(result.limit),
    "X-RateLimit-Remaining": String(Math.max(0, result.remaining)),
    "X-RateLimit-Reset": String(Math.ceil(result.reset / 1000)),
  };
  if (!result.success) headers["Retry-After"] = String(retryAfterSeconds(result.reset));
  return headers;
}

/**
 * Whole seconds until a denied caller is let in again, ≥ 1. The sliding window frees a request
 * only strictly after `reset` (at `reset` itself the previous window still counts in full), so
 * this rounds down and adds one rather than rounding up.
 */
export function retryAfterSeconds(reset: number, now: number = Date.now()): number {
  return Math.max(1, Math.floor((reset - now) / 1000) + 1);
}
