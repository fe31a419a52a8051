import { randomBytes } from "node:crypto";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// Upstash configured but unreachable: a port where nothing listens (connection refused at once).
beforeAll(async () => {
  const port = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  vi.stubEnv("UPSTASH_REDIS_REST_URL", `http://127.0.0.1:${port}`);
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", "token");
});
afterAll(() => vi.unstubAllEnvs());

describe("reserveAttempt (limits that guard a secret) while Upstash is unreachable", () => {
  it("counts in this instance instead of letting every attempt through, and gives attempts back", async () => {
    vi.resetModules(); // a fresh lib/env, which parses the environment once
    const { rateLimiter, reserveAttempt } = await import("./index");
    const rule = { prefix: `test:${randomBytes(6).toString("hex")}`, requests: 3, windowSeconds: 900 };
    // The API's limiter fails open: the same rule would let everything through.
    const plain = await Promise.all(Array.from({ length: 5 }, () => rateLimiter(rule).limit("id")));
    expect(plain.every((result) => result.success && result.failedOpen)).toBe(true);

    const attempts = [];
    for (let i = 0; i < rule.requests + 2; i++) attempts.push(await reserveAttempt(rule, "id"));
    expect(attempts.map((attempt) => attempt.granted)).toEqual([true, true, true, false, false]);
    await attempts[0].giveBack();
    await attempts[4].giveBack(); // not granted: nothing to give back
    expect((await reserveAttempt(rule, "id")).granted).toBe(true);
    expect((await reserveAttempt(rule, "id")).granted).toBe(false);
    expect((await reserveAttempt(rule, "another")).granted).toBe(true);
  });
});
