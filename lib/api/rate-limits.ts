import { env } from "../env";
import { type RateLimiter, type RateLimitResult, type RateLimitRule, rateLimiter } from "../rate-limit";

/**
 * Failed authentication attempts (missing, malformed, unknown, revoked or expired key) allowed per client
 * address per minute. Beyond it the address gets 429 before any key is looked up, so guessing
 * keys costs a minute per 30 guesses (on top of the ~190 bits a guess has to hit).
 */
export const FAILED_ATTEMPTS_RULE: RateLimitRule = { prefix: "api:failed-auth", requests: 30, windowSeconds: 60 };

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

export function failedAttemptsLimiter(): RateLimiter {
  return rateLimiter(FAILED_ATTEMPTS_RULE);
}

/**
 * The caller's address, for the failed-attempts limit. Vercel overwrites X-Forwarded-For with
 * the address it saw; a reverse proxy (nginx `$proxy_add_x_forwarded_for`) appends it, so the
 * right-most entry is the one our own infrastructure wrote. `next start` fills the header with
 * the socket address only when it is absent: a server exposed without a proxy lets clients
 * choose their address, so production deployments must sit behind one (Vercel-style hosting
 * always does).
 */
export function clientAddress(headers: Headers): string {
  const forwarded = headers
    .get("x-forwarded-for")
    ?.split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  return forwarded?.at(-1) ?? headers.get("x-real-ip")?.trim() ?? "unknown";
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
