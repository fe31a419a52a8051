import { describe, expect, it, vi } from "vitest";

vi.mock("next/server", async (importOriginal) =>
  (await import("@/tests/after-tasks")).withCollectedAfter(importOriginal),
);

import { captureLogs } from "@/lib/log";
import { startAlertEndpoint } from "@/tests/alert-endpoint";
import { alertRequest, generateSigningKey, madeUpKeyIdentifier, type SigningKey } from "@/tests/secret-scanning";
import { handleGithubAlert } from "./github";
import {
  createPublicKeyCache,
  KEY_LIST_MAX_AGE_MS,
  KEY_LIST_STALE_LIMIT_MS,
  type PublicKeyCache,
  REFETCH_INTERVAL_MS,
} from "./public-keys";

/** GitHub's public key list as the alert endpoint fetches, caches and refreshes it. */
const { github, keyList } = await startAlertEndpoint();

describe("the public key list", () => {
  it("is cached by identifier and refetched at most once a minute for an unknown identifier", async () => {
    let now = 1_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    const served = keyList.requests;
    expect("key" in (await cache.lookup(github.identifier))).toBe(true);
    expect("key" in (await cache.lookup(github.identifier))).toBe(true);
    expect(keyList.requests - served).toBe(1);

    // GitHub rotates: a new key appears in the list.
    const next = generateSigningKey();
    const madeUp = madeUpKeyIdentifier();
    keyList.keys = [next, github];
    try {
      // Fetched less than a minute ago: not again, and "not yet" (503, GitHub retries), not 401.
      const lookups = await Promise.all([cache.lookup(next.identifier), cache.lookup(madeUp), cache.lookup(madeUp)]);
      for (const lookup of lookups) expect(lookup).toEqual({ error: "throttled", retryAfterMs: REFETCH_INTERVAL_MS });
      expect(keyList.requests - served).toBe(1);
      now += REFETCH_INTERVAL_MS;
      const [rotated, unknown] = await Promise.all([cache.lookup(next.identifier), cache.lookup(madeUp)]);
      expect("key" in rotated).toBe(true);
      expect(unknown).toEqual({ error: "unknown" }); // fetched for this lookup: really not GitHub's
      expect(keyList.requests - served).toBe(2);
      expect("key" in (await cache.lookup(github.identifier))).toBe(true);
      expect(keyList.requests - served).toBe(2);
    } finally {
      keyList.keys = [github];
    }
  });

  it("refetches only for identifiers of GitHub's shape (a hex SHA-256)", async () => {
    let now = 5_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    expect("key" in (await cache.lookup(github.identifier))).toBe(true);
    const served = keyList.requests;
    now += REFETCH_INTERVAL_MS;
    for (const identifier of ["made-up", "x".repeat(64), github.identifier.toUpperCase(), `${github.identifier}0`]) {
      expect(await cache.lookup(identifier)).toEqual({ error: "unknown" });
    }
    expect(keyList.requests - served).toBe(0);
  });

  it("trusts a list for at most 24 hours: a refresh replaces it, so a key GitHub withdrew stops verifying", async () => {
    let now = 10_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    const alert = (key = github) => alertThrough(cache, key);
    expect((await alert()).status).toBe(200);
    const next = generateSigningKey();
    keyList.keys = [next]; // GitHub withdraws its key (compromised, say) and signs with another
    try {
      now += KEY_LIST_MAX_AGE_MS - 1;
      expect((await alert()).status).toBe(200); // still within the day
      now += 1;
      const withdrawn = await alert();
      expect(withdrawn.status).toBe(401);
      expect((await withdrawn.json()).error.code).toBe("invalid_signature");
      expect((await alert(next)).status).toBe(200);
    } finally {
      keyList.keys = [github];
    }
  });

  it("keeps the old list for a bounded time when a refresh fails, logging it, then answers 503", async () => {
    let now = 20_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    expect((await alertThrough(cache, github)).status).toBe(200);
    const logs = captureLogs();
    keyList.failWith = 500;
    try {
      const served = keyList.requests;
      now += KEY_LIST_MAX_AGE_MS;
      expect((await alertThrough(cache, github)).status).toBe(200); // refresh failed: the old list
      expect((await alertThrough(cache, github)).status).toBe(200); // not retried within the minute
      expect(keyList.requests - served).toBe(1);
      const failures = logs.lines.filter((line) => line.component === "secret-scanning" && line.level === "error");
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ listAgeSeconds: KEY_LIST_MAX_AGE_MS / 1000, reason: "HTTP 500" });

      now += KEY_LIST_STALE_LIMIT_MS - KEY_LIST_MAX_AGE_MS; // two days old and still unreachable
      const refused = await alertThrough(cache, github);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(keyList.requests - served).toBe(2);

      keyList.failWith = null;
      now += REFETCH_INTERVAL_MS;
      expect((await alertThrough(cache, github)).status).toBe(200); // back once the list is
    } finally {
      keyList.failWith = null;
      logs.stop();
    }
  });
});

/** A signed alert with one token that is not ours (no database work), verified against `cache`. */
function alertThrough(cache: PublicKeyCache, key: SigningKey = github, address = "192.0.2.200") {
  const body = JSON.stringify([{ token: "ghp_not_ours", type: "glyphic_api_key" }]);
  return handleGithubAlert(alertRequest(body, key, { "x-forwarded-for": address }), {
    keys: cache,
    afterResponse: () => {},
  });
}

describe("an alert signed with a key published after our last fetch", () => {
  it("answers 503 with Retry-After while the refetch is throttled (GitHub retries a 503, not a 401), then verifies", async () => {
    let now = 30_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    expect((await alertThrough(cache, github)).status).toBe(200);
    const next = generateSigningKey();
    keyList.keys = [next, github];
    try {
      now += 20_000;
      const early = await alertThrough(cache, next);
      expect(early.status).toBe(503);
      expect((await early.json()).error.code).toBe("service_unavailable");
      expect(early.headers.get("retry-after")).toBe("40");
      now += 40_000;
      expect((await alertThrough(cache, next)).status).toBe(200); // GitHub's retry
    } finally {
      keyList.keys = [github];
    }
  });
});
