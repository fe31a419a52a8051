import { Redis, type Requester } from "@upstash/redis";

export type { Redis } from "@upstash/redis";

import { env } from "../env";
import { processSingleton } from "../process-singleton";
import { createUpstashTransport } from "./transport";

/**
 * The one Upstash client of the process (docs/architecture.md, "Redis"): rate limits
 * (lib/rate-limit), the request buffer (lib/requests), key-cache versions (lib/api-keys) and
 * readiness (lib/health) all share it, so the commands of one API request share one pipeline.
 * This module knows nothing of its users.
 */

/**
 * How long a command on a request's path may wait for Upstash before its caller gives up.
 *
 * Callers fail open, deliberately: the limiter protects capacity, it is not what authenticates a
 * caller (the key lookup is). If Upstash is down or slow, refusing every API request would turn
 * a Redis incident into a full API outage, so requests are served after at most this long.
 */
export const UPSTASH_TIMEOUT_MS = 1_000;
/**
 * The drain client's (upstashBatchRedis): never on a request's path, and a claimed batch comes
 * back in the claim's reply and may be large (up to 20,000 requests).
 */
const UPSTASH_BATCH_TIMEOUT_MS = 15_000;

/** The shared Upstash client, or null when Upstash is not configured. */
export function upstashRedis(): Redis | null {
  return processSingleton("upstash-redis", () => {
    const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
    return url && token ? createUpstashRedis(url, token) : null;
  });
}

/**
 * The Upstash client that moves the request buffer to Postgres (lib/requests/redis-buffer.ts),
 * or null. It may wait UPSTASH_BATCH_TIMEOUT_MS rather than UPSTASH_TIMEOUT_MS.
 */
export function upstashBatchRedis(): Redis | null {
  return processSingleton("upstash-redis-batches", () => {
    const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
    return url && token ? createUpstashRedis(url, token, UPSTASH_BATCH_TIMEOUT_MS) : null;
  });
}

export function createUpstashRedis(url: string, token: string, timeoutMs: number = UPSTASH_TIMEOUT_MS): Redis {
  // No retries, and every HTTP call abandoned after the timeout: a slow or unreachable Upstash
  // must never hold a request longer than UPSTASH_TIMEOUT_MS. The transport (node:http, pipelines
  // of one event-loop turn merged) is far cheaper than the default fetch (see docs/benchmarks/).
  return AutoPipelinedRedis.over(createUpstashTransport({ url, token, timeoutMs }));
}

/**
 * A client built on a custom transport does not auto-pipeline by itself (only the URL/token
 * constructor turns it on), and commands issued together — an API request's limits and key
 * version — must still share one pipeline.
 */
class AutoPipelinedRedis extends Redis {
  static over(transport: Requester): Redis {
    return new AutoPipelinedRedis(transport).autoPipeline();
  }
}
