import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { hashApiKey } from "../api-keys/format";
import {
  countKeyRequest,
  countRateLimitedRequest,
  FLUSH_INTERVAL_MS,
  flushRequestCounts,
  flushRequestCountsIfDue,
  pendingRequestCountRows,
  requestCountsFlushDue,
  resetRequestCounts,
} from "./recorder";

const HOUR = 3_600_000;
const hourStart = (time: number) => Math.floor(time / HOUR) * HOUR;

beforeEach(() => resetRequestCounts());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function newKey() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Export" });
  return { id: created.summary.id, hash: hashApiKey(created.key) };
}

async function usageOf(apiKeyId: string) {
  const rows = await db.apiKeyUsage.findMany({ where: { apiKeyId }, orderBy: { bucket: "asc" } });
  return rows.map((row) => ({ bucket: row.bucket.getTime(), requests: row.requests, rateLimited: row.rateLimited }));
}

describe("usage recorder", () => {
  it("writes nothing per request, then one row per key and UTC hour, adding up across flushes", async () => {
    const a = await newKey();
    const b = await newKey();
    const now = Date.now();
    const hour = hourStart(now);
    for (let i = 0; i < 5; i++) countKeyRequest(a.id, now);
    countKeyRequest(b.id, now);
    countKeyRequest(a.id, hour - 1); // the last millisecond of the previous hour
    expect(await usageOf(a.id)).toEqual([]);
    expect(pendingRequestCountRows()).toBe(3);

    await flushRequestCounts();
    expect(pendingRequestCountRows()).toBe(0);
    expect(await usageOf(a.id)).toEqual([
      { bucket: hour - HOUR, requests: 1, rateLimited: 0 },
      { bucket: hour, requests: 5, rateLimited: 0 },
    ]);
    expect(await usageOf(b.id)).toEqual([{ bucket: hour, requests: 1, rateLimited: 0 }]);

    // Another flush (this instance later, or another instance) adds to the same rows.
    countKeyRequest(a.id, now);
    countRateLimitedRequest(a.hash, now);
    countRateLimitedRequest(a.hash, now);
    await flushRequestCounts();
    expect(await usageOf(a.id)).toEqual([
      { bucket: hour - HOUR, requests: 1, rateLimited: 0 },
      { bucket: hour, requests: 8, rateLimited: 2 },
    ]);
  });

  it("resolves 429s counted by hash to their key, drops unknown hashes and stores no hash", async () => {
    const key = await newKey();
    const now = Date.now();
    countRateLimitedRequest(key.hash, now);
    countRateLimitedRequest(hashApiKey("glyk_never-issued"), now);
    countKeyRequest("no-such-key-id", now);
    await flushRequestCounts();
    expect(await usageOf(key.id)).toEqual([{ bucket: hourStart(now), requests: 1, rateLimited: 1 }]);
    const rows = await db.$queryRaw<{ row: string }[]>`SELECT row_to_json(u)::text AS row FROM "ApiKeyUsage" u`;
    expect(rows.length).toBeGreaterThan(0);
    for (const { row } of rows) expect(row).not.toContain(key.hash);
  });

  it("keeps the counts for the next flush when the database fails", async () => {
    const key = await newKey();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { database } = await import("@/lib/db/client");
    vi.spyOn(database().client, "$executeRaw").mockRejectedValueOnce(new Error("connection terminated"));
    countKeyRequest(key.id);
    countKeyRequest(key.id);
    await flushRequestCounts();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/could not record API usage \(1 rows kept/);
    expect(pendingRequestCountRows()).toBe(1);
    await flushRequestCounts();
    expect((await usageOf(key.id)).map((row) => row.requests)).toEqual([2]);
  });

  it("is due for a flush only when counts wait and the last flush is FLUSH_INTERVAL_MS old", () => {
    const start = Date.now();
    resetRequestCounts(start);
    expect(requestCountsFlushDue(start + FLUSH_INTERVAL_MS)).toBe(false); // nothing to write
    countKeyRequest("some-key", start);
    expect(requestCountsFlushDue(start + FLUSH_INTERVAL_MS - 1)).toBe(false);
    expect(requestCountsFlushDue(start + FLUSH_INTERVAL_MS)).toBe(true);
  });

  it("flushes a burst's last counts on a timer, with no request to trigger it", async () => {
    const key = await newKey();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    resetRequestCounts();
    countKeyRequest(key.id);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS - 1);
    expect(pendingRequestCountRows()).toBe(1);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await usageOf(key.id)).map((row) => row.requests)).toEqual([1]));
  });

  it("flushes at most once per interval, whether a request or the timer triggers it", async () => {
    const key = await newKey();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    resetRequestCounts(Date.now() - FLUSH_INTERVAL_MS); // the last flush was long ago
    countKeyRequest(key.id); // due at once: the timer is set to fire on the next turn
    // A request's after() flushes first…
    await flushRequestCountsIfDue();
    expect((await usageOf(key.id)).map((row) => row.requests)).toEqual([1]);
    countKeyRequest(key.id);
    // …so the timer, firing just after, waits for the next due time instead of flushing again.
    vi.advanceTimersByTime(0);
    expect(pendingRequestCountRows()).toBe(1);
    vi.advanceTimersByTime(FLUSH_INTERVAL_MS - 1);
    expect(pendingRequestCountRows()).toBe(1);
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await vi.waitFor(async () => expect((await usageOf(key.id)).map((row) => row.requests)).toEqual([2]));
  });
});
