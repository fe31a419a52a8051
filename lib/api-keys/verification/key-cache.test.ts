import { beforeEach, describe, expect, it } from "vitest";
import {
  CACHE_MAX_ENTRIES,
  CACHE_TTL_MS,
  cachedVerifiedKey,
  clearKeyCache,
  forgetCachedKey,
  keyCacheGeneration,
  keyCacheSize,
  storeVerifiedKey,
} from "./key-cache";
import { VERSION_TTL_SECONDS } from "./key-cache-version";

const NOW = 1_800_000_000_000;
const value = { id: "key" };

function verifiedAt(overrides: Partial<Parameters<typeof storeVerifiedKey>[2]> = {}) {
  return { version: null, generation: keyCacheGeneration(), requestStartedAt: NOW, expiresAt: null, ...overrides };
}

beforeEach(() => clearKeyCache());

describe("cache of verified keys", () => {
  it("serves an entry under the version it was verified with, until CACHE_TTL_MS after its request started", () => {
    expect(storeVerifiedKey("h", value, verifiedAt({ version: "v1" }), NOW + 5)).toBe(true);
    expect(cachedVerifiedKey("h", "v1", NOW + CACHE_TTL_MS - 1)).toBe(value);
    expect(cachedVerifiedKey("h", "v1", NOW + CACHE_TTL_MS)).toBeUndefined();
    // A stale entry is dropped, not kept for later.
    expect(keyCacheSize()).toBe(0);
  });

  it("drops an entry as soon as the key's version differs from the one it was verified under", () => {
    storeVerifiedKey("h", value, verifiedAt(), NOW);
    expect(cachedVerifiedKey("h", null, NOW)).toBe(value);
    expect(cachedVerifiedKey("h", "v-after-a-revoke", NOW)).toBeUndefined();
    // Gone for good: the version returning to null (expired in Redis) does not revive it.
    expect(cachedVerifiedKey("h", null, NOW)).toBeUndefined();
  });

  it("stops serving a key once the key itself expires", () => {
    storeVerifiedKey("h", value, verifiedAt({ expiresAt: NOW + 1_000 }), NOW);
    expect(cachedVerifiedKey("h", null, NOW + 999)).toBe(value);
    expect(cachedVerifiedKey("h", null, NOW + 1_000)).toBeUndefined();
    expect(storeVerifiedKey("h", value, verifiedAt({ expiresAt: NOW }), NOW)).toBe(false);
  });

  it("refuses to store a lookup that an invalidation overtook, and one from a request older than the TTL", () => {
    const generation = keyCacheGeneration();
    forgetCachedKey("some other key"); // any invalidation while the read was in flight
    expect(storeVerifiedKey("h", value, verifiedAt({ generation }), NOW)).toBe(false);
    expect(cachedVerifiedKey("h", null, NOW)).toBeUndefined();
    expect(storeVerifiedKey("h", value, verifiedAt({ requestStartedAt: NOW - CACHE_TTL_MS }), NOW)).toBe(false);
    expect(storeVerifiedKey("h", value, verifiedAt(), NOW)).toBe(true);
  });

  it("forgets a key on invalidation", () => {
    storeVerifiedKey("h", value, verifiedAt(), NOW);
    storeVerifiedKey("other", value, verifiedAt(), NOW);
    forgetCachedKey("h");
    expect(cachedVerifiedKey("h", null, NOW)).toBeUndefined();
    expect(cachedVerifiedKey("other", null, NOW)).toBe(value);
  });

  it("stays within its bound, evicting the least recently verified keys", () => {
    for (let index = 0; index <= CACHE_MAX_ENTRIES + 10; index++) {
      storeVerifiedKey(`h${index}`, value, verifiedAt(), NOW);
    }
    expect(keyCacheSize()).toBe(CACHE_MAX_ENTRIES);
    expect(cachedVerifiedKey("h0", null, NOW)).toBeUndefined();
    expect(cachedVerifiedKey(`h${CACHE_MAX_ENTRIES + 10}`, null, NOW)).toBe(value);
  });

  it("keeps invalidation versions in Redis far longer than any entry can live", () => {
    // An entry verified just before a version was written must be stale before the version expires.
    expect(VERSION_TTL_SECONDS * 1000).toBeGreaterThanOrEqual(10 * CACHE_TTL_MS);
  });
});
