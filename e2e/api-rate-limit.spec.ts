import { createHash } from "node:crypto";
import { expect, test } from "@playwright/test";
import Redis from "ioredis";
import { generateApiKey } from "../lib/api-keys/format";
import { apiFixtures, apiGet, awaitWindowWithRoom, randomAddress, sleep } from "./api-helpers";

/**
 * Rate limits over HTTP. scripts/test.mjs runs this server with Upstash configured (the REST
 * bridge over the local Redis), so these go through @upstash/ratelimit as in production; the
 * in-process limiter is covered by the vitest suites.
 */
const fixtures = apiFixtures();
const { requests, windowSeconds } = fixtures.rateLimit;

test("a key gets 429 right after its limit, with a Retry-After that is honoured", async ({ request }) => {
  test.setTimeout(60_000 + windowSeconds * 3000);
  const { key } = fixtures.keys.rateLimit;
  const address = randomAddress();
  // The whole burst in one window, so the sliding window's count is exact.
  await awaitWindowWithRoom(windowSeconds, Math.min(windowSeconds * 1000 - 500, 8_000));
  const remaining = [];
  for (let i = 0; i < requests; i++) {
    const response = await apiGet(request, "/api/v1/me", { key, address });
    expect(response.status(), `request ${i + 1}`).toBe(200);
    remaining.push(Number(response.headers()["x-ratelimit-remaining"]));
  }
  expect(remaining).toEqual(Array.from({ length: requests }, (_, i) => requests - 1 - i));

  const limited = await apiGet(request, "/api/v1/me", { key, address });
  expect(limited.status()).toBe(429);
  expect((await limited.json()).error.code).toBe("rate_limited");
  const headers = limited.headers();
  expect(headers["cache-control"]).toBe("no-store");
  expect(headers["x-ratelimit-limit"]).toBe(String(requests));
  expect(headers["x-ratelimit-remaining"]).toBe("0");
  const retryAfter = Number(headers["retry-after"]);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(windowSeconds + 1);
  const reset = Number(headers["x-ratelimit-reset"]);
  expect(reset * 1000).toBeGreaterThan(Date.now() - 1000);

  // Another key of the same organization is not affected.
  expect((await apiGet(request, "/api/v1/me", { key: fixtures.keys.secrets.key, address })).status()).toBe(200);

  await sleep(retryAfter * 1000);
  const after = await apiGet(request, "/api/v1/me", { key, address });
  expect(after.status()).toBe(200);

  // The counters live in Redis under the key's hash (never the key): the Upstash path served this.
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  try {
    const hash = createHash("sha256").update(key).digest("hex");
    const counters = await redis.keys(`glyphic:api:key:${hash}:*`);
    expect(counters.length).toBeGreaterThan(0);
    expect((await redis.keys(`*${key}*`)).length).toBe(0);
  } finally {
    redis.disconnect();
  }
});

test("60 failures from one address cost its neighbours nothing; its unknown keys past the budget get 429", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const shared = randomAddress(); // an integration platform's egress address, say
  await awaitWindowWithRoom(60, 20_000);
  const typo = (key: string) => key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);
  // 36 unknown keys (over the budget of 30), 12 mistyped, 12 revoked (a forgotten zap).
  const failures = Array.from({ length: 60 }, (_, i) =>
    i % 5 === 3 ? typo(fixtures.keys.lookups.key) : i % 5 === 4 ? fixtures.revokedKey.key : generateApiKey().key,
  );
  const statuses: number[] = [];
  for (const key of failures) statuses.push((await apiGet(request, "/api/v1/me", { key, address: shared })).status());
  expect(statuses.filter((status) => status === 429)).toHaveLength(6);
  expect(statuses.filter((status) => status === 401)).toHaveLength(54);

  // Another organization's valid key from the same address is served.
  const neighbour = await apiGet(request, "/api/v1/me", { key: fixtures.keys.otherOrg.key, address: shared });
  expect(neighbour.status()).toBe(200);
  // The revoked key keeps getting its own 401, never the address's 429.
  expect((await apiGet(request, "/api/v1/me", { key: fixtures.revokedKey.key, address: shared })).status()).toBe(401);

  const refused = await apiGet(request, "/api/v1/me", { key: generateApiKey().key, address: shared });
  expect(refused.status()).toBe(429);
  expect((await refused.json()).error.code).toBe("rate_limited");
  expect(refused.headers()["x-ratelimit-limit"]).toBe("30");
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
});

test("the budget counts the address our proxy wrote: rotating the left part of X-Forwarded-For gains nothing", async ({
  request,
}) => {
  test.setTimeout(120_000);
  const attacker = randomAddress();
  const victim = randomAddress();
  await awaitWindowWithRoom(60, 20_000);
  for (let i = 0; i < 30; i++) {
    const response = await apiGet(request, "/api/v1/me", {
      key: generateApiKey().key,
      address: `${victim}, 192.0.2.${i}, ${attacker}`,
    });
    expect(response.status(), `guess ${i + 1}`).toBe(401);
  }
  const rotated = `192.0.2.250, ${attacker}`;
  expect((await apiGet(request, "/api/v1/me", { key: generateApiKey().key, address: rotated })).status()).toBe(429);
  // The victim, whose address the attacker wrote on the left, still gets its lookups.
  expect((await apiGet(request, "/api/v1/me", { key: generateApiKey().key, address: victim })).status()).toBe(401);
});
