import { Ratelimit } from "@upstash/ratelimit";
import { Redis } from "@upstash/redis";
import type { RateLimiter, RateLimitResult, RateLimitRule } from "./types";

/** How long a limit check may wait for Upstash before the request is let through (fail open). */
export const UPSTASH_TIMEOUT_MS = 1_000;

let lastWarning = 0;
function warnFailOpen(reason: string) {
  // At most one line every 30 s: an outage must be visible, not flood the log.
  if (Date.now() - lastWarning < 30_000) return;
  lastWarning = Date.now();
  console.warn(`[rate-limit] Upstash unavailable (${reason}): requests are let through unlimited (fail open)`);
}

export function createUpstashRedis(url: string, token: string): Redis {
  // One retry at most: a slow Redis must not hold requests beyond the timeout below.
  return new Redis({ url, token, retry: { retries: 0 }, enableTelemetry: false });
}

export function createUpstashLimiter(redis: Redis, rule: RateLimitRule): RateLimiter {
  const ratelimit = new Ratelimit({
    redis,
    limiter: Ratelimit.slidingWindow(rule.requests, `${rule.windowSeconds} s`),
    prefix: `glyphic:${rule.prefix}`,
    timeout: UPSTASH_TIMEOUT_MS,
    analytics: false,
    // The ephemeral cache would keep rejecting after an operator raises the limit; the saving
    // is one round trip only for callers already over their limit.
    ephemeralCache: false,
  });
  return {
    backend: "upstash",
    async peek(identifier: string) {
      try {
        return { remaining: (await ratelimit.getRemaining(identifier)).remaining };
      } catch (error) {
        warnFailOpen((error as Error).message);
        return { remaining: rule.requests };
      }
    },
    async limit(identifier: string): Promise<RateLimitResult> {
      try {
        const result = await ratelimit.limit(identifier);
        if (result.reason === "timeout") warnFailOpen(`no answer within ${UPSTASH_TIMEOUT_MS} ms`);
        return { success: result.success, limit: result.limit, remaining: result.remaining, reset: result.reset };
      } catch (error) {
        warnFailOpen((error as Error).message);
        return {
          success: true,
          limit: rule.requests,
          remaining: rule.requests,
          reset: Date.now() + rule.windowSeconds * 1000,
        };
      }
    },
  };
}
