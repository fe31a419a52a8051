import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
});

import { keyLimitFor, keyRateLimitRule, NO_KEY_LIMIT, rateLimitHeaders, retryAfterSeconds } from "./rate-limits";

describe("rate-limit helpers", () => {
  it("rounds Retry-After so that waiting it always lands after the window ends", () => {
    const now = 1_000_000;
    expect(retryAfterSeconds(now + 59_900, now)).toBe(60);
    // Exactly 2 s left: at reset itself the previous window still counts in full, so 3.
    expect(retryAfterSeconds(now + 2_000, now)).toBe(3);
    expect(retryAfterSeconds(now + 1, now)).toBe(1);
    expect(retryAfterSeconds(now - 5_000, now)).toBe(1);
    for (let left = 1; left < 5_000; left += 37)
      expect(retryAfterSeconds(now + left, now) * 1000).toBeGreaterThan(left);
  });

  it("sets X-RateLimit-* always and Retry-After only when denied", () => {
    const allowed = rateLimitHeaders({ success: true, limit: 100, remaining: 41, reset: 1_800_000_000_500 });
    expect(allowed).toEqual({
      "X-RateLimit-Limit": "100",
      "X-RateLimit-Remaining": "41",
      "X-RateLimit-Reset": "1800000001",
    });
    const denied = rateLimitHeaders({ success: false, limit: 100, remaining: -3, reset: Date.now() + 10_000 });
    expect(denied["X-RateLimit-Remaining"]).toBe("0");
    expect(Number(denied["Retry-After"])).toBeGreaterThanOrEqual(1);
  });
});

describe("the key's limit for one request, in process", () => {
  const remaining = (headers: Record<string, string>) => Number(headers["X-RateLimit-Remaining"]);

  it("counts nothing before verification: its headers peek, then count once verified", () => {
    const { requests } = keyRateLimitRule();
    const hash = randomBytes(32).toString("hex");
    const limit = keyLimitFor(hash);
    expect(limit.beforeLookup()).toBeUndefined();
    expect(remaining(limit.headers())).toBe(requests);
    expect(remaining(limit.headers())).toBe(requests); // a peek twice still counts nothing
    expect(limit.outcome()).toBeUndefined();
    expect(limit.afterVerification()).toMatchObject({ success: true, remaining: requests - 1 });
    expect(limit.outcome()).toBe("allowed");
    expect(remaining(limit.headers())).toBe(requests - 1);
    // The next request on the same key sees the count.
    expect(remaining(keyLimitFor(hash).headers())).toBe(requests - 1);
  });

  it("carries no X-RateLimit-* before the key is known", () => {
    expect(NO_KEY_LIMIT.headers()).toEqual({});
    expect(NO_KEY_LIMIT.outcome()).toBeUndefined();
  });
});
