import type { RateLimiter, RateLimitResult, RateLimitRule } from "./types";

/**
 * In-process sliding window with the same arithmetic as @upstash/ratelimit's slidingWindow:
 * the previous window's count weighs in proportion to how much of it still overlaps.
 * Per instance only: with several instances each allows the full limit (use Upstash there).
 */
export function createMemoryLimiter(rule: RateLimitRule, now: () => number = () => Date.now()): RateLimiter {
  const windowMs = rule.windowSeconds * 1000;
  const counts = new Map<string, { window: number; current: number; previous: number }>();
  let lastSweep = 0;

  function sweep(window: number) {
    if (window === lastSweep) return;
    lastSweep = window;
    for (const [key, entry] of counts) if (entry.window < window - 1) counts.delete(key);
  }

  function current(identifier: string) {
    const time = now();
    const window = Math.floor(time / windowMs);
    sweep(window);
    const key = `${rule.prefix}:${identifier}`;
    let entry = counts.get(key);
    if (!entry || entry.window < window - 1) entry = { window, current: 0, previous: 0 };
    else if (entry.window === window - 1) entry = { window, current: 0, previous: entry.current };
    const overlap = 1 - (time % windowMs) / windowMs;
    const used = Math.floor(entry.previous * overlap) + entry.current;
    return { key, entry, used, reset: (window + 1) * windowMs };
  }

  return {
    backend: "memory",
    async peek(identifier: string): Promise<RateLimitResult> {
      const { used, reset } = current(identifier);
      const remaining = Math.max(0, rule.requests - used);
      return { success: remaining > 0, limit: rule.requests, remaining, reset };
    },
    async limit(identifier: string): Promise<RateLimitResult> {
      const { key, entry, used, reset } = current(identifier);
      counts.set(key, entry);
      if (used >= rule.requests) return { success: false, limit: rule.requests, remaining: 0, reset };
      entry.current += 1;
      return { success: true, limit: rule.requests, remaining: rule.requests - used - 1, reset };
    },
  };
}
