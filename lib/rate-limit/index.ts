import { componentLogger } from "../log";
import { processSingleton } from "../process-singleton";
import { upstashRedis } from "../redis/client";
import { createMemoryLimiter } from "./memory";
import type { RateLimiter, RateLimitResult, RateLimitRule } from "./types";
import { createUpstashLimiter } from "./upstash";

const log = componentLogger("rate-limit");

export type {
  MemoryRateLimiter,
  RateLimiter,
  RateLimitResult,
  RateLimitRule,
  UpstashRateLimiter,
} from "./types";

/** A limiter for the rule, on Upstash when configured, in process otherwise. Reused per rule. */
export function rateLimiter(rule: RateLimitRule): RateLimiter {
  return processSingleton(`rate-limiter:${rule.prefix}:${rule.requests}:${rule.windowSeconds}`, () => {
    const redis = upstashRedis();
    if (redis) return createUpstashLimiter(redis, rule);
    processSingleton("memory-limiter-warning", () =>
      log.warn(
        "UPSTASH_REDIS_REST_URL/TOKEN not set: using an in-process limiter. Limits apply per instance " +
          "only: configure Upstash when running more than one instance.",
      ),
    );
    return createMemoryLimiter(rule);
  });
}

/** One attempt counted by reserveAttempt, and how to give it back. */
export interface Reservation {
  granted: boolean;
  result: RateLimitResult;
  /** Gives the attempt back (an attempt that turned out fine); nothing if it was not granted. */
  giveBack(): Promise<void>;
}

/**
 * Counts one attempt under the rule, for limits that guard a secret (sign-in). Unlike
 * `rateLimiter(rule).limit`, it never answers "unlimited": when Upstash cannot answer, this
 * instance's own in-process counter decides instead. For the outage the limit then holds per
 * instance (n instances allow n times it) rather than not at all, and nobody is refused merely
 * because Redis is down. The API's limits stay fail open: they protect capacity, not secrets.
 */
export async function reserveAttempt(rule: RateLimitRule, identifier: string): Promise<Reservation> {
  let limiter = rateLimiter(rule);
  let result = await limiter.limit(identifier);
  if (result.failedOpen) {
    limiter = processSingleton(`rate-limiter-fallback:${rule.prefix}:${rule.requests}:${rule.windowSeconds}`, () =>
      createMemoryLimiter(rule),
    );
    result = await limiter.limit(identifier);
  }
  const granted = result.success;
  return { granted, result, giveBack: async () => (granted ? limiter.refund(identifier) : undefined) };
}
