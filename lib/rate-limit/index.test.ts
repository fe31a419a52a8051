import { afterAll, describe, expect, it, vi } from "vitest";

vi.hoisted(() => {
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
});

import { captureLogs } from "../log";
import { upstashRedis } from "../redis/client";
import { rateLimiter } from "./index";

describe("rateLimiter without Upstash configured", () => {
  const logs = captureLogs();
  afterAll(() => logs.stop());

  it("uses the in-process limiter, says once that it is per instance, and reuses one limiter per rule", () => {
    expect(upstashRedis()).toBeNull();
    const first = rateLimiter({ prefix: "a", requests: 1, windowSeconds: 1 });
    const second = rateLimiter({ prefix: "b", requests: 1, windowSeconds: 1 });
    expect(first.backend).toBe("memory");
    expect(second.backend).toBe("memory");
    expect(rateLimiter({ prefix: "a", requests: 1, windowSeconds: 1 })).toBe(first);
    const warnings = logs.lines.filter((line) => line.component === "rate-limit" && line.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/in-process limiter.*per instance/);
  });
});
