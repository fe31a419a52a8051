import { env } from "../env";
import {
  type MemoryRateLimiter,
  type RateLimitResult,
  type RateLimitRule,
  rateLimiter,
  type UpstashRateLimiter,
} from "../rate-limit";

export function keyRateLimitRule(): RateLimitRule {
  const config = env();
  return {
    prefix: "api:key",
    requests: config.API_RATE_LIMIT_REQUESTS,
    windowSeconds: config.API_RATE_LIMIT_WINDOW_SECONDS,
  };
}

/**
 * The key's own limit for one request. The two backends count at different points, and this is
 * the only place that knows which:
 * - Upstash counts before the lookup, in the same auto-pipelined round trip as the key's version
 *   read (so `beforeLookup()` must be called before that read is awaited), and a key over its
 *   limit is refused before any lookup.
 * - In process it counts only once the key is verified, so a key that fails verification leaves
 *   no counter behind (a flood of unknown keys cannot grow the limiter); an answer sent before
 *   that carries a peek of the window.
 */
export interface KeyLimit {
  /** Upstash: the count, started now; hand its result to `allows`. In process: undefined. */
  beforeLookup(): Promise<RateLimitResult> | undefined;
  /** Keeps the result `beforeLookup` counted; whether it lets the request through. */
  allows(counted: RateLimitResult): boolean;
  /** In process: counts the request, the key being verified. Upstash: what `beforeLookup` counted. */
  afterVerification(): RateLimitResult;
  /** X-RateLimit-* (and Retry-After) for the answer being sent, whatever it is. */
  headers(): Record<string, string>;
  /** For the request's log line; undefined when nothing was counted. */
  outcome(): "allowed" | "limited" | "failed_open" | undefined;
}

const NO_HEADERS: Record<string, string> = Object.freeze({});

/** What a request carries before its key is known: no key, no limit, no X-RateLimit-*. */
export const NO_KEY_LIMIT: KeyLimit = {
  beforeLookup: () => undefined,
  allows: () => true,
  afterVerification: () => {
    throw new Error("no key to count");
  },
  headers: () => NO_HEADERS,
  outcome: () => undefined,
};

/** Per key: identified by the key's SHA-256, never by the key itself. */
export function keyLimitFor(hash: string): KeyLimit {
  const limiter = rateLimiter(keyRateLimitRule());
  return limiter.backend === "upstash"
    ? new CountedBeforeLookup(limiter, hash)
    : new CountedAfterVerification(limiter, hash);
}

abstract class CountedKeyLimit {
  protected counted: RateLimitResult | undefined = undefined;
  protected readonly hash: string;

  constructor(hash: string) {
    this.hash = hash;
  }

  allows(counted: RateLimitResult): boolean {
    this.counted = counted;
    return counted.success;
  }

  outcome(): "allowed" | "limited" | "failed_open" | undefined {
    const counted = this.counted;
    if (!counted) return undefined;
    if (counted.failedOpen) return "failed_open";
    return counted.success ? "allowed" : "limited";
  }
}

class CountedBeforeLookup extends CountedKeyLimit implements KeyLimit {
  private readonly limiter: UpstashRateLimiter;

  constructor(limiter: UpstashRateLimiter, hash: string) {
    super(hash);
    this.limiter = limiter;
  }

  beforeLookup(): Promise<RateLimitResult> {
    return this.limiter.limit(this.hash);
  }

  afterVerification(): RateLimitResult {
    if (!this.counted) throw new Error("the key's limit is counted before the lookup");
    return this.counted;
  }

  headers(): Record<string, string> {
    return this.counted ? rateLimitHeaders(this.counted) : NO_HEADERS;
  }
}

class CountedAfterVerification extends CountedKeyLimit implements KeyLimit {
  private readonly limiter: MemoryRateLimiter;

  constructor(limiter: MemoryRateLimiter, hash: string) {
    super(hash);
    this.limiter = limiter;
  }

  beforeLookup(): undefined {
    return undefined;
  }

  afterVerification(): RateLimitResult {
    this.counted = this.limiter.limitNow(this.hash);
    return this.counted;
  }

  headers(): Record<string, string> {
    return rateLimitHeaders(this.counted ?? this.limiter.peekNow(this.hash));
  }
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
