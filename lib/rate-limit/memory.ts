import type { MemoryRateLimiter, RateLimitResult, RateLimitRule } from "./types";

/** Identifiers one in-process limiter remembers; the least recently used go first. */
export const MEMORY_LIMITER_MAX_ENTRIES = 50_000;

interface Entry {
  window: number;
  current: number;
  previous: number;
}

/**
 * In-process sliding window with the same arithmetic as @upstash/ratelimit's slidingWindow:
 * the previous window's count weighs in proportion to how much of it still overlaps.
 * Per instance only: with several instances each allows the full limit (use Upstash there).
 * Bounded: past `maxEntries` the least recently counted identifier is forgotten, so a flood of
 * distinct identifiers costs a fixed amount of memory (and at worst resets an idle counter).
 */
export function createMemoryLimiter(
  rule: RateLimitRule,
  now: () => number = () => Date.now(),
  maxEntries: number = MEMORY_LIMITER_MAX_ENTRIES,
): MemoryRateLimiter & { size(): number } {
  const windowMs = rule.windowSeconds * 1000;
  const counts = new Map<string, Entry>();

  function current(identifier: string) {
    const time = now();
    const window = Math.floor(time / windowMs);
    let entry = counts.get(identifier);
    if (!entry || entry.window < window - 1) entry = { window, current: 0, previous: 0 };
    else if (entry.window === window - 1) entry = { window, current: 0, previous: entry.current };
    const overlap = 1 - (time % windowMs) / windowMs;
    const used = Math.floor(entry.previous * overlap) + entry.current;
    return { entry, used, reset: (window + 1) * windowMs };
  }

  /** Re-inserted last: Map order doubles as the recency order. */
  function store(identifier: string, entry: Entry) {
    counts.delete(identifier);
    counts.set(identifier, entry);
    if (counts.size > maxEntries) counts.delete(counts.keys().next().value as string);
  }

  function peekNow(identifier: string): RateLimitResult {
    const { used, reset } = current(identifier);
    const remaining = Math.max(0, rule.requests - used);
    return { success: remaining > 0, limit: rule.requests, remaining, reset };
  }

  function limitNow(identifier: string): RateLimitResult {
    const { entry, used, reset } = current(identifier);
    if (used >= rule.requests) {
      store(identifier, entry);
      return { success: false, limit: rule.requests, remaining: 0, reset };
    }
    entry.current += 1;
    store(identifier, entry);
    return { success: true, limit: rule.requests, remaining: rule.requests - used - 1, reset };
  }

  return {
    backend: "memory",
    size: () => counts.size,
    peekNow,
    limitNow,
    peek: async (identifier: string) => peekNow(identifier),
    limit: async (identifier: string) => limitNow(identifier),
    async refund(identifier: string): Promise<void> {
      const entry = counts.get(identifier);
      if (!entry) return;
      const window = Math.floor(now() / windowMs);
      if (entry.window === window && entry.current > 0) entry.current -= 1;
    },
  };
}
