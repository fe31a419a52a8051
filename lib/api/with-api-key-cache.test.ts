import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(1000));

import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { invalidateApiKey } from "@/lib/api-keys/verification/invalidation";
import { clearKeyCache, keyCacheSize } from "@/lib/api-keys/verification/key-cache";
import { database, db } from "@/lib/db/client";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { API_ERROR_MESSAGES } from "./errors";

/**
 * The cache of verified keys as the API uses it, with the in-process limiter (one instance; the
 * cross-instance half is in with-api-key-upstash.test.ts and tests/system/scale-out.test.ts).
 */
let lookups: ReturnType<typeof vi.spyOn>;
let lookUpForReal: (...args: unknown[]) => Promise<unknown>;

beforeAll(() => {
  const delegate = database().client.apiKey;
  lookUpForReal = delegate.findUnique.bind(delegate) as typeof lookUpForReal;
  lookups = vi.spyOn(delegate, "findUnique");
});
afterEach(() => {
  vi.useRealTimers();
  clearKeyCache();
});

async function newKey() {
  const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
  const admin = await createMember(org.id, "ADMIN");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse" });
  return { org, admin, key: created.key, id: created.summary.id };
}

const me = (key: string) => getMe(apiRequest("/api/v1/me", { key }), noParams);

describe("verified keys cached in process", () => {
  it("looks a key up once, then serves it from the cache", async () => {
    const { key } = await newKey();
    lookups.mockClear();
    for (let i = 0; i < 5; i++) expect((await me(key)).status).toBe(200);
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it("refuses a cached key on the very next request after it is revoked", async () => {
    const { org, admin, key, id } = await newKey();
    expect((await me(key)).status).toBe(200);
    expect(keyCacheSize()).toBe(1);
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: id });
    const response = await me(key);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "invalid_api_key", message: API_ERROR_MESSAGES.invalid_api_key },
    });
  });

  it("does not cache a key whose lookup was overtaken by its revocation", async () => {
    const { org, admin, key, id } = await newKey();
    // The lookup reads the row while the key is still active, and is held there until the
    // revoke has committed and returned: its (now stale) answer must not be cached.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let read = false;
    lookups.mockImplementationOnce(async (...args: unknown[]) => {
      const row = await lookUpForReal(...args);
      read = true;
      await held;
      return row;
    });
    const inFlight = me(key);
    await vi.waitFor(() => expect(read).toBe(true));
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: id });
    release();
    // It read an active key and was answered as such: it began before the revoke returned.
    expect((await inFlight).status).toBe(200);
    expect(keyCacheSize()).toBe(0);
    expect((await me(key)).status).toBe(401);
  });

  it("keeps refusals apart: a revoked or expired key retried costs one lookup and never enters the verified cache", async () => {
    const { org, admin, key, id } = await newKey();
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: id });
    const expired = await newKey();
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    lookups.mockClear();
    for (let i = 0; i < 5; i++) {
      expect((await me(key)).status).toBe(401);
      expect((await me(expired.key)).status).toBe(401);
    }
    expect(lookups).toHaveBeenCalledTimes(2);
    expect(keyCacheSize()).toBe(0);
  });

  it("stops serving a cached key when it expires, with a message that says so", async () => {
    const { key, id } = await newKey();
    const expiresAt = new Date(Math.ceil((Date.now() + 60_000) / 60_000) * 60_000);
    await db.apiKey.update({ where: { id }, data: { expiresAt } });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(expiresAt.getTime() - 1_000);
    expect((await me(key)).status).toBe(200);
    expect(keyCacheSize()).toBe(1);
    vi.setSystemTime(expiresAt.getTime());
    const response = await me(key);
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body.error.code).toBe("invalid_api_key");
    const day = expiresAt.toISOString().slice(0, 10);
    const time = expiresAt.toISOString().slice(11, 16);
    expect(body.error.message).toBe(
      `This API key expired on ${day} at ${time} UTC. Create a new key in Settings → API.`,
    );
  });

  it("keeps a rolled key working until the end of its grace period, then says it was replaced", async () => {
    const { org, admin, key, id } = await newKey();
    const replacement = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse" });
    expect((await me(key)).status).toBe(200);
    const graceEnd = new Date(Date.now() + 3_600_000);
    // What a roll does to the old key (lib/api-keys/commands/roll.ts), then its invalidation.
    await db.apiKey.update({ where: { id }, data: { replacedById: replacement.summary.id, expiresAt: graceEnd } });
    await invalidateApiKey((await db.apiKey.findUniqueOrThrow({ where: { id } })).hash);
    expect((await me(key)).status).toBe(200);
    expect(keyCacheSize()).toBe(1);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(graceEnd.getTime() + 1);
    const response = await me(key);
    expect(response.status).toBe(401);
    expect((await response.json()).error.message).toMatch(
      /^This API key was replaced by a new key and stopped working on \d{4}-\d\d-\d\d at \d\d:\d\d UTC\. Use the new key/,
    );
  });

  it("reports a rename on the next request (the name is part of GET /me)", async () => {
    const { key, id } = await newKey();
    expect((await (await me(key)).json()).data.apiKey.name).toBe("Warehouse");
    const row = await db.apiKey.update({ where: { id }, data: { name: "Warehouse (EU)" } });
    await invalidateApiKey(row.hash);
    expect((await (await me(key)).json()).data.apiKey.name).toBe("Warehouse (EU)");
  });
});
