import { Ratelimit } from "@upstash/ratelimit";
import { componentLogger } from "../log";
import { type Redis, UPSTASH_TIMEOUT_MS } from "../redis/client";
import type { RateLimitResult, RateLimitRule, UpstashRateLimiter } from "./types";

const log = componentLogger("rate-limit");

/**
 * The limiter fails open after UPSTASH_TIMEOUT_MS (lib/redis/client.ts says why): requests are
 * let through unlimited, and a warning is logged (at most every 30 s) so the outage is visible.
 */
const WARNING_INTERVAL_MS = 30_000;

let lastWarning = 0;
function warnFailOpen(reason: string) {
  if (Date.now() - lastWarning < WARNING_INTERVAL_MS) return;
  lastWarning = Date.now();
  log.warn({ reason }, "Upstash unavailable: requests are let through unlimited (fail open)");
}

/** Why a call failed, without the command (whose arguments name the limited identifiers). */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error.cause as { code?: string } | undefined)?.code;
  const message = error.message.split(", command was")[0];
  return `${error.name}: ${message}${cause ? ` (${cause})` : ""}`;
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${UPSTASH_TIMEOUT_MS} ms`)), UPSTASH_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createUpstashLimiter(redis: Redis, rule: RateLimitRule): UpstashRateLimiter {
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
  const windowMs = rule.windowSeconds * 1000;
  const unlimited = (): RateLimitResult => ({
    success: true,
    limit: rule.requests,
    remaining: rule.requests,
    reset: (Math.floor(Date.now() / windowMs) + 1) * windowMs,
    failedOpen: true,
  });

  return {
    backend: "upstash",
    async peek(identifier: string): Promise<RateLimitResult> {
      try {
        const { remaining, reset, limit } = await withTimeout(ratelimit.getRemaining(identifier));
        return { success: remaining > 0, limit, remaining, reset };
      } catch (error) {
        warnFailOpen(failureReason(error));
        return unlimited();
      }
    },
    async limit(identifier: string): Promise<RateLimitResult> {
      try {
        const result = await ratelimit.limit(identifier);
        if (result.reason === "timeout") {
          warnFailOpen(`no answer within ${UPSTASH_TIMEOUT_MS} ms`);
          return unlimited();
        }
        return { success: result.success, limit: result.limit, remaining: result.remaining, reset: result.reset };
      } catch (error) {
        warnFailOpen(failureReason(error));
        return unlimited();
      }
    },
    async refund(identifier: string): Promise<void> {
      try {
        // A negative rate is the library's refund: it decrements the current window's count.
        await ratelimit.limit(identifier, { rate: -1 });
      } catch (error) {
        warnFailOpen(failureReason(error));
      }
    },
  };
}

/** Tests: let the next failure log its warning again. */
export function resetFailOpenWarning(): void {
  lastWarning = 0;
}
