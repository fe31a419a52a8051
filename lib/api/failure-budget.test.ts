import { randomBytes } from "node:crypto";
import { beforeEach, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi());

import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { generateApiKey } from "@/lib/api-keys/format";
import { clearKeyCache } from "@/lib/api-keys/verification/key-cache";
import { forgetKnownHashes, knownHashLoads, REFRESH_MS } from "@/lib/api-keys/verification/known-hashes";
import { apiKeyLookupCount } from "@/lib/api-keys/verification/verify";
import { db } from "@/lib/db/client";
import { rateLimiter } from "@/lib/rate-limit";
import { apiRequest, noParams, randomAddress } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { API_ERROR_MESSAGES } from "./errors";
import { UNKNOWN_KEYS_RULE } from "./failure-budget";
import { keyRateLimitRule } from "./rate-limits";

async function orgWithKey(name = "Zapier") {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
  return { org, admin, key: created.key, id: created.summary.id };
}

const me = (key: string | undefined, address: string, forwardedFor?: string) => {
  const request = apiRequest("/api/v1/me", { key, address });
  if (forwardedFor) request.headers.set("x-forwarded-for", forwardedFor);
  return getMe(request, noParams);
};

/** A typo of a real key: fails the checksum, so it is refused without a lookup. */
const mistyped = (key: string) => key.slice(0, 10) + (key[10] === "a" ? "b" : "a") + key.slice(11);

beforeEach(() => {
  // Like a freshly started instance: nothing cached, no known hashes loaded yet.
  clearKeyCache();
  forgetKnownHashes();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 100);
  return () => vi.useRealTimers();
});

describe("what a failure may cost", () => {
  it("60 failures from one address (unknown, mistyped, revoked) do not refuse another organization's valid key", async () => {
    const tenant = await orgWithKey("Old zap");
    await revokeApiKey({ organizationId: tenant.org.id, userId: tenant.admin.id, keyId: tenant.id });
    const neighbour = await orgWithKey("Warehouse export");
    const address = randomAddress();
    // More unknown keys than the budget allows, so the last ones are already refused unseen.
    const failures = Array.from({ length: 60 }, (_, i) =>
      i % 5 === 3 ? mistyped(tenant.key) : i % 5 === 4 ? tenant.key : generateApiKey().key,
    );
    const statuses = [];
    for (const key of failures) statuses.push((await me(key, address)).status);
    expect(statuses.filter((status) => status === 429).length).toBe(36 - UNKNOWN_KEYS_RULE.requests);
    expect(statuses.filter((status) => status === 401).length).toBe(60 - (36 - UNKNOWN_KEYS_RULE.requests));

    // Uncached on this instance, from the same address, after all of that: served.
    const response = await me(neighbour.key, address);
    expect(response.status).toBe(200);
    expect((await response.json()).data.organization.id).toBe(neighbour.org.id);
  });

  it("charges only lookups that find no key; past the budget unknown keys cost no lookup at all", async () => {
    const address = randomAddress();
    const before = apiKeyLookupCount();
    for (let i = 0; i < UNKNOWN_KEYS_RULE.requests; i++) {
      expect((await me(generateApiKey().key, address)).status).toBe(401);
    }
    expect(apiKeyLookupCount() - before).toBe(UNKNOWN_KEYS_RULE.requests);

    const afterBudget = apiKeyLookupCount();
    const loads = knownHashLoads();
    for (let i = 0; i < 200; i++) {
      const refused = await me(generateApiKey().key, address);
      expect(refused.status).toBe(429);
      if (i === 0) {
        expect(await refused.json()).toEqual({
          error: { code: "rate_limited", message: API_ERROR_MESSAGES.failed_attempts },
        });
        expect(refused.headers.get("x-ratelimit-limit")).toBe(String(UNKNOWN_KEYS_RULE.requests));
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      }
    }
    expect(apiKeyLookupCount()).toBe(afterBudget);
    // The known hashes were read once for all 200 (refreshed at most every few seconds).
    expect(knownHashLoads() - loads).toBe(1);

    // Missing and malformed keys never cost a lookup, so they are not what the budget counts.
    expect((await me(undefined, randomAddress())).status).toBe(401);
    expect((await me("glyk_not-a-key", randomAddress())).status).toBe(401);
  });

  it("answers a revoked key retried in a loop from the cache, without touching its address's budget", async () => {
    const tenant = await orgWithKey();
    await revokeApiKey({ organizationId: tenant.org.id, userId: tenant.admin.id, keyId: tenant.id });
    const address = randomAddress();
    const before = apiKeyLookupCount();
    for (let i = 0; i < 100; i++) {
      const response = await me(tenant.key, address);
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toBe(API_ERROR_MESSAGES.invalid_api_key);
    }
    expect(apiKeyLookupCount() - before).toBe(1);
    expect(await rateLimiter(UNKNOWN_KEYS_RULE).peek(address)).toMatchObject({
      remaining: UNKNOWN_KEYS_RULE.requests,
    });
  });

  it("keeps an expired key's own message when it is answered from the cache", async () => {
    const tenant = await orgWithKey();
    await db.apiKey.update({ where: { id: tenant.id }, data: { expiresAt: new Date("2026-11-01T09:30:00Z") } });
    for (let i = 0; i < 3; i++) {
      const response = await me(tenant.key, randomAddress());
      expect(response.status).toBe(401);
      expect((await response.json()).error.message).toMatch(/expired on 2026-11-01 at 09:30 UTC/);
    }
  });

  it("creates no per-key limiter entry for keys that fail verification (in-process limiter)", async () => {
    const limiter = rateLimiter(keyRateLimitRule()) as ReturnType<typeof rateLimiter> & { size(): number };
    const before = limiter.size();
    for (let i = 0; i < 50; i++) await me(generateApiKey().key, randomAddress());
    expect(limiter.size()).toBe(before);
    const valid = await orgWithKey();
    expect((await me(valid.key, randomAddress())).status).toBe(200);
    expect(limiter.size()).toBe(before + 1);
  });

  it("counts by the address our proxy wrote: rotating the left part of X-Forwarded-For gains no attempts", async () => {
    const attacker = randomAddress();
    const victim = randomAddress();
    for (let i = 0; i < UNKNOWN_KEYS_RULE.requests; i++) {
      // The attacker writes the victim's address (and a rotating one) where a client can write.
      const forwarded = `${victim}, 192.0.2.${i}, ${attacker}`;
      expect((await me(generateApiKey().key, attacker, forwarded)).status).toBe(401);
    }
    expect((await me(generateApiKey().key, attacker, `192.0.2.200, ${attacker}`)).status).toBe(429);
    // The victim's own budget is untouched: its unknown key still gets its lookup and its 401.
    expect((await me(generateApiKey().key, victim)).status).toBe(401);
    expect(await rateLimiter(UNKNOWN_KEYS_RULE).peek(victim)).toMatchObject({
      remaining: UNKNOWN_KEYS_RULE.requests - 1,
    });
  });

  it("counts an IPv6 client by its /64: rotating addresses within it gains no lookups; IPv4 stays per address", async () => {
    const prefix = `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
    const before = apiKeyLookupCount();
    const statuses = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await me(generateApiKey().key, `${prefix}:${i.toString(16)}:${i}::${i + 1}`)).status);
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(UNKNOWN_KEYS_RULE.requests);
    expect(statuses.slice(UNKNOWN_KEYS_RULE.requests).every((status) => status === 429)).toBe(true);
    expect(apiKeyLookupCount() - before).toBe(UNKNOWN_KEYS_RULE.requests);
    // The next /64 is another client; so is the next IPv4 address.
    expect((await me(generateApiKey().key, `2001:db8:ffff:${randomBytes(2).toString("hex")}::1`)).status).toBe(401);
    const [a, b, c] = randomBytes(3);
    for (let i = 0; i < UNKNOWN_KEYS_RULE.requests; i++) await me(generateApiKey().key, `10.${a}.${b}.${c}`);
    expect((await me(generateApiKey().key, `::ffff:10.${a}.${b}.${c}`)).status).toBe(429);
    expect((await me(generateApiKey().key, `10.${a}.${b}.${c ^ 1}`)).status).toBe(401);
  });

  it("past the budget, knows keys created here at once and keys created by other instances within seconds", async () => {
    const address = randomAddress();
    for (let i = 0; i <= UNKNOWN_KEYS_RULE.requests; i++) await me(generateApiKey().key, address);
    expect((await me(generateApiKey().key, address)).status).toBe(429); // known hashes now loaded

    const here = await orgWithKey("Created on this instance");
    expect((await me(here.key, address)).status).toBe(200);

    // Another instance's key: a row this process never heard of.
    const elsewhere = generateApiKey();
    const org = await createOrganization();
    await db.apiKey.create({
      data: { organizationId: org.id, name: "Elsewhere", prefix: elsewhere.prefix, hash: elsewhere.hash },
    });
    expect((await me(elsewhere.key, address)).status).toBe(429); // until the next refresh…
    vi.setSystemTime(Date.now() + REFRESH_MS);
    expect((await me(elsewhere.key, address)).status).toBe(200); // …at most REFRESH_MS later
  });
});
