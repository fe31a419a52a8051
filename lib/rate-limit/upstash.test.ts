import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retryAfterSeconds } from "@/lib/api/rate-limits";
import { startUpstashBridge, type UpstashBridge } from "@/scripts/upstash-bridge";
import { captureLogs } from "../log";
import { createUpstashRedis } from "../redis/client";
import { createUpstashLimiter, resetFailOpenWarning } from "./upstash";

/**
 * The Upstash code path for real: @upstash/ratelimit → @upstash/redis → the REST bridge →
 * the local Redis. No skip: without Redis these tests fail (here and in CI), since a limiter
 * that was never exercised against Redis is not known to work.
 */
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let bridge: UpstashBridge;

beforeAll(async () => {
  bridge = await startUpstashBridge({ token: randomBytes(16).toString("hex"), redisUrl: REDIS_URL }).catch((error) => {
    throw new Error(`The Upstash tests need Redis at ${REDIS_URL} (set REDIS_URL): ${(error as Error).message}`);
  });
});
afterAll(() => bridge?.close());

const randomPrefix = () => `test:${randomBytes(6).toString("hex")}`;
const limiterFor = (rule: { requests: number; windowSeconds: number; prefix?: string }) =>
  createUpstashLimiter(createUpstashRedis(bridge.url, bridge.token), { prefix: randomPrefix(), ...rule });

/** Waits for a new window when the current one has less than `neededMs` left (windows align to the epoch). */
async function awaitWindowWithRoom(windowSeconds: number, neededMs: number) {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await new Promise((resolve) => setTimeout(resolve, left + 20));
}

describe("Upstash limiter through the REST bridge", () => {
  it("allows the configured number of requests, then denies", async () => {
    const limiter = limiterFor({ requests: 5, windowSeconds: 3600 });
    expect(limiter.backend).toBe("upstash");
    await awaitWindowWithRoom(3600, 10_000);
    const results = [];
    for (let i = 0; i < 7; i++) results.push(await limiter.limit("key-a"));
    expect(results.map((result) => result.success)).toEqual([true, true, true, true, true, false, false]);
    expect(results.map((result) => result.remaining)).toEqual([4, 3, 2, 1, 0, 0, 0]);
    expect(results[6].limit).toBe(5);
  });

  it("gives back a reserved request (a sign-in that turned out right)", async () => {
    const limiter = limiterFor({ requests: 2, windowSeconds: 3600 });
    await awaitWindowWithRoom(3600, 10_000);
    await limiter.limit("key-r");
    await limiter.limit("key-r");
    expect((await limiter.limit("key-r")).success).toBe(false);
    await limiter.refund("key-r");
    expect(await limiter.peek("key-r")).toMatchObject({ success: true, remaining: 1 });
    expect((await limiter.limit("key-r")).success).toBe(true);
    expect((await limiter.limit("key-r")).success).toBe(false);
  });

  it("reports when the window ends, and a denied caller is let in after Retry-After", async () => {
    const limiter = limiterFor({ requests: 2, windowSeconds: 2 });
    await awaitWindowWithRoom(2, 1_000);
    await limiter.limit("key-b");
    await limiter.limit("key-b");
    const denied = await limiter.limit("key-b");
    expect(denied.success).toBe(false);
    const now = Date.now();
    // Windows are aligned to the epoch: the reset is the next multiple of the window length.
    expect(denied.reset % 2_000).toBe(0);
    expect(denied.reset).toBeGreaterThan(now);
    expect(denied.reset).toBeLessThanOrEqual(now + 2_000);
    const retryAfter = retryAfterSeconds(denied.reset, now);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(3);
    expect(await limiter.peek("key-b")).toMatchObject({ success: false, remaining: 0 });
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await limiter.limit("key-b")).success).toBe(true);
  });

  it("keeps prefixes and identifiers apart", async () => {
    const prefix = randomPrefix();
    const redis = createUpstashRedis(bridge.url, bridge.token);
    const first = createUpstashLimiter(redis, { prefix, requests: 1, windowSeconds: 3600 });
    const sameRule = createUpstashLimiter(redis, { prefix, requests: 1, windowSeconds: 3600 });
    const otherPrefix = createUpstashLimiter(redis, { prefix: randomPrefix(), requests: 1, windowSeconds: 3600 });
    await awaitWindowWithRoom(3600, 10_000);
    expect((await first.limit("shared-id")).success).toBe(true);
    // Same prefix → same counters, even through another limiter instance (another server).
    expect((await sameRule.limit("shared-id")).success).toBe(false);
    expect((await otherPrefix.limit("shared-id")).success).toBe(true);
    expect((await first.limit("other-id")).success).toBe(true);
  });

  it("sends concurrent checks in one HTTP request (the API's key limit and address peek rely on it)", async () => {
    const requests: string[] = [];
    const counting = await startUpstashBridge({
      token: bridge.token,
      redisUrl: REDIS_URL,
      onRequest: ({ path }) => requests.push(path),
    });
    try {
      const redis = createUpstashRedis(counting.url, counting.token);
      const keyLimiter = createUpstashLimiter(redis, { prefix: randomPrefix(), requests: 5, windowSeconds: 60 });
      const addressLimiter = createUpstashLimiter(redis, { prefix: randomPrefix(), requests: 5, windowSeconds: 60 });
      await Promise.all([keyLimiter.limit("key"), addressLimiter.peek("address")]); // scripts loaded
      requests.length = 0;
      await Promise.all([keyLimiter.limit("key"), addressLimiter.peek("address")]);
      expect(requests).toEqual(["/pipeline"]);
    } finally {
      await counting.close();
    }
  });

  it("merges the pipelines of concurrent callers into one HTTP request, each getting its own results", async () => {
    const requests: { path: string; commands: string[][] }[] = [];
    const counting = await startUpstashBridge({
      token: bridge.token,
      redisUrl: REDIS_URL,
      onRequest: (request) => requests.push(request),
    });
    try {
      const limiter = createUpstashLimiter(createUpstashRedis(counting.url, counting.token), {
        prefix: randomPrefix(),
        requests: 3,
        windowSeconds: 3600,
      });
      await awaitWindowWithRoom(3600, 10_000);
      await limiter.limit("warm-up"); // scripts loaded
      requests.length = 0;
      // Ten callers in one event-loop turn, each a few microtasks after the previous one (as
      // concurrent API requests reach their check), so each gets a pipeline of its own from
      // the client: one HTTP request still carries all ten commands.
      const pending = [];
      for (let index = 0; index < 10; index++) {
        pending.push(limiter.limit(index < 5 ? "shared" : `own-${index}`));
        for (let tick = 0; tick < 5; tick++) await Promise.resolve();
      }
      const results = await Promise.all(pending);
      expect(requests).toHaveLength(1);
      expect(requests[0].commands).toHaveLength(10);
      expect(results.slice(0, 5).map((result) => result.success)).toEqual([true, true, true, false, false]);
      expect(results.slice(5).every((result) => result.success && result.remaining === 2)).toBe(true);
    } finally {
      await counting.close();
    }
  });

  it("peeks without counting", async () => {
    const limiter = limiterFor({ requests: 2, windowSeconds: 3600 });
    await awaitWindowWithRoom(3600, 10_000);
    expect(await limiter.peek("key-c")).toMatchObject({ success: true, remaining: 2, limit: 2 });
    expect(await limiter.peek("key-c")).toMatchObject({ success: true, remaining: 2 });
    await limiter.limit("key-c");
    expect(await limiter.peek("key-c")).toMatchObject({ success: true, remaining: 1 });
  });
});

describe("Upstash limiter when Upstash is unavailable (fail open)", () => {
  let hanging: Server;
  let hangingUrl: string;
  beforeAll(async () => {
    // Accepts connections and never answers: the worst case, a Redis that hangs.
    hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it("lets requests through with a warning when nothing listens", async () => {
    resetFailOpenWarning();
    const logs = captureLogs();
    const limiter = createUpstashLimiter(createUpstashRedis("http://127.0.0.1:9", "token"), {
      prefix: randomPrefix(),
      requests: 1,
      windowSeconds: 60,
    });
    expect((await limiter.limit("x")).success).toBe(true);
    expect((await limiter.limit("x")).success).toBe(true);
    expect((await limiter.peek("x")).success).toBe(true);
    logs.stop();
    const warnings = logs.lines.filter((line) => line.level === "warn");
    expect(warnings).toHaveLength(1); // one line per 30 s, not one per request
    expect(warnings[0].msg).toMatch(/Upstash unavailable.*fail open/);
  });

  it("gives up on a Redis that hangs and lets the request through", async () => {
    resetFailOpenWarning();
    const logs = captureLogs();
    const limiter = createUpstashLimiter(createUpstashRedis(hangingUrl, "token"), {
      prefix: randomPrefix(),
      requests: 1,
      windowSeconds: 60,
    });
    expect(await limiter.limit("x")).toMatchObject({ success: true, limit: 1 });
    expect((await limiter.peek("x")).success).toBe(true);
    logs.stop();
    expect(logs.lines.filter((line) => line.level === "warn").length).toBeGreaterThan(0);
  });

  it("treats a wrong token as unavailable rather than refusing traffic", async () => {
    resetFailOpenWarning();
    const logs = captureLogs();
    const limiter = createUpstashLimiter(createUpstashRedis(bridge.url, "wrong-token"), {
      prefix: randomPrefix(),
      requests: 1,
      windowSeconds: 60,
    });
    expect((await limiter.limit("x")).success).toBe(true);
    logs.stop();
    expect(String(logs.lines.find((line) => line.level === "warn")?.reason)).toMatch(/Unauthorized/);
  });
});
