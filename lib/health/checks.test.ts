import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as readyRoute from "@/app/api/health/ready/route";
import * as liveRoute from "@/app/api/health/route";
import { startUpstashBridge, type UpstashBridge } from "@/scripts/upstash-bridge";
import { freePort } from "@/tests/system/harness";
import { createUpstashRedis } from "../redis/client";
import { CHECK_TIMEOUT_MS, checkDatabase, checkRateLimitStore } from "./checks";

let bridge: UpstashBridge;
let silent: Server;
const token = randomBytes(16).toString("hex");

beforeAll(async () => {
  bridge = await startUpstashBridge({ token, redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379" });
  // Accepts connections and never answers: only the timeout can end the check.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  // The process's first query also loads Prisma's query compiler (slow: see docs/benchmarks/), as a
  // fresh instance's first probe does; a load balancer simply sees it ready on the next probe.
  await checkDatabase(30_000);
});
afterAll(async () => {
  await bridge?.close();
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

describe("GET /api/health (liveness)", () => {
  it("answers 200 {status: ok}, not cached", async () => {
    const response = await liveRoute.GET(new Request("http://localhost/api/health"), {});
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });
});

describe("GET /api/health/ready (readiness)", () => {
  it("answers 200 with each check's status and duration when the database answers", async () => {
    const response = await readyRoute.GET(new Request("http://localhost/api/health/ready"), {});
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({
      status: "ok",
      checks: {
        database: { status: "ok", ms: expect.any(Number) },
        // The tests run without Upstash: the in-process limiter is part of this process.
        rateLimit: { status: "ok", backend: "memory", ms: 0 },
      },
    });
  });

  it("times the database check", async () => {
    const result = await checkDatabase();
    expect(result.status).toBe("ok");
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(result.ms).toBeLessThan(CHECK_TIMEOUT_MS);
  });
});

describe("the rate-limit store check", () => {
  it("PINGs Upstash", async () => {
    const result = await checkRateLimitStore(createUpstashRedis(bridge.url, token));
    expect(result).toEqual({ status: "ok", backend: "upstash", ms: expect.any(Number) });
  });

  it("reports Upstash unavailable when nothing listens, or the token is wrong", async () => {
    const closed = await checkRateLimitStore(createUpstashRedis(`http://127.0.0.1:${await freePort()}`, token));
    expect(closed.status).toBe("unavailable");
    const wrongToken = await checkRateLimitStore(createUpstashRedis(bridge.url, "not-the-token"));
    expect(wrongToken.status).toBe("unavailable");
  });

  it("gives up after the timeout when Upstash never answers", async () => {
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const result = await checkRateLimitStore(createUpstashRedis(url, token), 300);
    expect(result.status).toBe("unavailable");
    expect(result.ms).toBeGreaterThanOrEqual(290);
    expect(result.ms).toBeLessThan(800);
  });
});
