import type { Redis } from "@upstash/redis";
import { env } from "../env";
import { componentLogger } from "../log";
import { processSingleton } from "../process-singleton";
import { createMemoryLimiter } from "./memory";
import type { RateLimiter, RateLimitRule } from "./types";
import { createUpstashLimiter, createUpstashRedis } from "./upstash";

const log = componentLogger("rate-limit");

export type { RateLimiter, RateLimitResult, RateLimitRule } from "./types";

/** The shared Upstash client, or null when Upstash is not configured. */
export function upstashRedis(): Redis | null {
  return processSingleton("upstash-redis", () => {
    const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
    return url && token ? createUpstashRedis(url, token) : null;
  });
}

/**
 * The Upstash client that moves the request buffer to Postgres (lib/requests/redis-buffer.ts),
 * or null. Never on a request's path, so it may wait longer than UPSTASH_TIMEOUT_MS: a claimed
 * batch comes back in the claim's reply and may be large (up to 20,000 requests).
 */
export function upstashBatchRedis(): Redis | null {
  return processSingleton("upstash-redis-batches", () => {
    const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
    return url && token ? createUpstashRedis(url, token, UPSTASH_BATCH_TIMEOUT_MS) : null;
  });
}

const UPSTASH_BATCH_TIMEOUT_MS = 15_000;

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
