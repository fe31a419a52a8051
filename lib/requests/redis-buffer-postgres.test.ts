import { describe, expect, it, vi } from "vitest";
import { redisBufferFixture } from "@/tests/redis-buffer";

/**
 * The Redis buffer's cases that need a real Postgres server: the previous release's keys named
 * after the database URL, and the database reached through another URL.
 */
const onPostgres = Boolean(process.env.DATABASE_URL);
const { modules, reload, redis, newKey, record, written } = redisBufferFixture();

describe("the Redis request buffer on Postgres", () => {
  it.skipIf(!onPostgres)("adopts what the previous release buffered under its URL-named keys", async () => {
    const key = await newKey();
    const legacy = modules().keys.legacyBufferKeys();
    if (!legacy) throw new Error("no legacy keys on Postgres");
    const bucket = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const request = { keyId: key, at: Date.now(), method: "GET", path: "/api/v1/me", status: 404 };
    await redis().hincrby(legacy.counts, `i:${key}:${bucket}:requests`, 2);
    await redis().hincrby(legacy.counts, `i:${key}:${bucket}:clientErrors`, 1);
    await redis().lpush(
      legacy.requests,
      JSON.stringify({ ...request, clientAddress: "192.0.2.7", userAgent: null, durationMs: 1 }),
    );
    expect(await modules().recorder.runFlushRequests()).toEqual({ countRows: 1, requests: 1 });
    expect(await written(key)).toEqual({ requests: 2, clientErrors: 1, rows: 1 });
    expect(await redis().exists(legacy.counts, legacy.requests)).toBe(0);
  });

  it.skipIf(!onPostgres)("finds the same buffer when the same database is reached through another URL", async () => {
    const key = await newKey();
    const before = await modules().keys.requestBufferKeys();
    await record(key, [200, 200]);
    // Another process, or this one after a restart, with `?sslmode=disable` added (or a rotated password).
    const url = process.env.DATABASE_URL as string;
    await modules().client.closeDatabase();
    modules().keys.forgetRequestBufferKeys();
    vi.stubEnv("DATABASE_URL", `${url}&sslmode=disable`);
    try {
      await reload();
      const after = await modules().keys.requestBufferKeys();
      expect(after.counts).toBe(before.counts);
      expect(after.requests).toBe(before.requests);
      expect(await modules().recorder.flushRequests()).toEqual({ countRows: 1, requests: 2 });
      expect(await written(key)).toEqual({ requests: 2, clientErrors: 0, rows: 2 });
    } finally {
      await modules().client.closeDatabase();
      vi.stubEnv("DATABASE_URL", url);
      await reload();
    }
  });
});
