import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "@/scripts/upstash-bridge";

let bridge: UpstashBridge;
const token = randomBytes(16).toString("hex");

beforeAll(async () => {
  bridge = await startUpstashBridge({ token, redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
  vi.stubEnv("UPSTASH_REDIS_REST_URL", bridge.url);
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", token);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bridge?.close();
});

describe("rateLimiter with Upstash configured", () => {
  it("limits through Upstash, shared by every limiter of the rule", async () => {
    // A fresh lib/env, which parses the environment once (the database setup may already have).
    vi.resetModules();
    const { rateLimiter } = await import("./index");
    const { upstashRedis } = await import("../redis/client");
    expect(upstashRedis()).not.toBeNull();
    const rule = { prefix: `test:${randomBytes(6).toString("hex")}`, requests: 1, windowSeconds: 3600 };
    const limiter = rateLimiter(rule);
    expect(limiter.backend).toBe("upstash");
    expect((await limiter.limit("id")).success).toBe(true);
    expect((await limiter.limit("id")).success).toBe(false);
  });
});
