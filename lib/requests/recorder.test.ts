import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { hashApiKey } from "../api-keys/format";
import { captureLogs } from "../log";
import {
  FLUSH_INTERVAL_MS,
  flushRequests,
  flushRequestsIfDue,
  KEPT_REQUESTS_PER_KEY,
  pendingRequestRecords,
  type RecordedRequest,
  recordRequest,
  requestsFlushDue,
  resetRequestRecorder,
} from "./recorder";

function request(fields: Partial<RecordedRequest>): RecordedRequest {
  return {
    at: Date.now(),
    method: "GET",
    path: "/api/v1/me",
    status: 200,
    clientAddress: "192.0.2.50",
    userAgent: "Zapier",
    durationMs: 3,
    ...fields,
  };
}
/** A request the key made (status 200 unless said). */
const countKeyRequest = (keyId: string, at = Date.now(), status = 200) => recordRequest(request({ keyId, at, status }));
/** A 429 decided before the key's lookup: known by its hash only. */
const countRateLimitedRequest = (keyHash: string, at = Date.now()) =>
  recordRequest(request({ keyHash, at, status: 429 }));
const pendingRequestCountRows = () => pendingRequestRecords().countRows;
const flushRequestCounts = flushRequests;

const HOUR = 3_600_000;
const hourStart = (time: number) => Math.floor(time / HOUR) * HOUR;

beforeEach(() => resetRequestRecorder());
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
    const logs = captureLogs();
    const { database } = await import("@/lib/db/client");
    vi.spyOn(database().client, "$executeRaw").mockRejectedValueOnce(new Error("connection terminated"));
    countKeyRequest(key.id);
    countKeyRequest(key.id);
    await flushRequestCounts();
    logs.stop();
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        msg: "could not record API requests; kept for the next flush",
        countRows: 1,
        requests: 2,
        reason: "connection terminated",
      }),
    );
    expect(pendingRequestCountRows()).toBe(1);
    await flushRequestCounts();
    expect((await usageOf(key.id)).map((row) => row.requests)).toEqual([2]);
  });

  it("retries a batch whose COMMIT failed as the same batch, not merged with newer records", async () => {
    const key = await newKey();
    // Refused at COMMIT (a deferred constraint trigger): nothing of the transaction stays. The
    // embedded database's Prisma adapter (pglite-prisma-adapter 0.7.2) drops an error raised at
    // COMMIT, so there the refusal comes at the INSERT, inside the transaction.
    const atCommit = Boolean(process.env.DATABASE_URL);
    await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION refuse_commit() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'refused by the test'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(
      atCommit
        ? `CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT OR UPDATE ON "ApiKeyUsage"
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()`
        : `CREATE TRIGGER refuse_commit AFTER INSERT OR UPDATE ON "ApiKeyUsage" FOR EACH ROW EXECUTE FUNCTION refuse_commit()`,
    );
    const batchesBefore = await db.requestBatch.count();
    const logs = captureLogs();
    try {
      countKeyRequest(key.id);
      countKeyRequest(key.id, Date.now(), 404);
      await flushRequestCounts();
    } finally {
      logs.stop();
      await db.$executeRawUnsafe(`DROP TRIGGER refuse_commit ON "ApiKeyUsage"`);
    }
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ msg: "could not record API requests; kept for the next flush", requests: 2 }),
    );
    expect(await usageOf(key.id)).toEqual([]);
    expect(await db.apiRequest.count({ where: { apiKeyId: key.id } })).toBe(0);
    countKeyRequest(key.id); // newer: the next batch
    await flushRequestCounts();
    const [row] = await db.apiKeyUsage.findMany({ where: { apiKeyId: key.id } });
    expect(row).toMatchObject({ requests: 3, clientErrors: 1 });
    expect(await db.apiRequest.count({ where: { apiKeyId: key.id } })).toBe(3);
    // The failed batch, as it was, then the newer one.
    expect((await db.requestBatch.count()) - batchesBefore).toBe(2);
    expect(pendingRequestRecords()).toEqual({ countRows: 0, requests: 0 });
  });

  it("counts a batch once when its COMMIT succeeded but the answer was lost", async () => {
    const key = await newKey();
    const { database } = await import("@/lib/db/client");
    const client = database().client;
    const transaction = client.$transaction.bind(client);
    vi.spyOn(client, "$transaction").mockImplementationOnce((async (...args: Parameters<typeof transaction>) => {
      await transaction(...args);
      throw new Error("Connection terminated unexpectedly");
    }) as unknown as typeof client.$transaction);
    countKeyRequest(key.id);
    countKeyRequest(key.id);
    await flushRequestCounts(); // committed, but this process cannot know
    expect(pendingRequestRecords()).toEqual({ countRows: 1, requests: 2 });
    countKeyRequest(key.id);
    await flushRequestCounts(); // the same batch again (written already: nothing), then the newer one
    expect((await usageOf(key.id)).map((row) => row.requests)).toEqual([3]);
    expect(await db.apiRequest.count({ where: { apiKeyId: key.id } })).toBe(3);
    expect(pendingRequestRecords()).toEqual({ countRows: 0, requests: 0 });
  });

  it("is due for a flush only when counts wait and the last flush is FLUSH_INTERVAL_MS old", () => {
    const start = Date.now();
    resetRequestRecorder(start);
    expect(requestsFlushDue(start + FLUSH_INTERVAL_MS)).toBe(false); // nothing to write
    countKeyRequest("some-key", start);
    expect(requestsFlushDue(start + FLUSH_INTERVAL_MS - 1)).toBe(false);
    expect(requestsFlushDue(start + FLUSH_INTERVAL_MS)).toBe(true);
  });

  it("flushes a burst's last counts on a timer, with no request to trigger it", async () => {
    const key = await newKey();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    resetRequestRecorder();
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
    resetRequestRecorder(Date.now() - FLUSH_INTERVAL_MS); // the last flush was long ago
    countKeyRequest(key.id); // due at once: the timer is set to fire on the next turn
    // A request's after() flushes first…
    await flushRequestsIfDue();
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

  it("tells successes, 429s, other 4xx and 5xx apart", async () => {
    const key = await newKey();
    const now = Date.now();
    for (const status of [200, 200, 404, 401, 429, 500, 403]) countKeyRequest(key.id, now, status);
    await flushRequestCounts();
    const [row] = await db.apiKeyUsage.findMany({ where: { apiKeyId: key.id } });
    expect(row).toMatchObject({ requests: 7, rateLimited: 1, clientErrors: 3, serverErrors: 1 });
  });

  it("stores the requests themselves: pathname, status, address, truncated user agent; never a query or a key", async () => {
    const key = await newKey();
    const at = Date.now();
    recordRequest(
      request({ keyId: key.id, at, path: "/api/v1/calls", status: 404, userAgent: "x".repeat(500), durationMs: 2.6 }),
    );
    await flushRequestCounts();
    const rows = await db.apiRequest.findMany({ where: { apiKeyId: key.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      method: "GET",
      path: "/api/v1/calls",
      status: 404,
      clientAddress: "192.0.2.50",
      durationMs: 3,
    });
    expect(rows[0].at.getTime()).toBe(at);
    expect(rows[0].userAgent).toHaveLength(200);
  });

  it("keeps the latest KEPT_REQUESTS_PER_KEY requests of a key", async () => {
    const key = await newKey();
    const other = await newKey();
    const start = Date.now() - 10 * 60_000;
    for (let i = 0; i < KEPT_REQUESTS_PER_KEY + 25; i++) countKeyRequest(key.id, start + i);
    countKeyRequest(other.id, start);
    await flushRequestCounts();
    const kept = await db.apiRequest.findMany({ where: { apiKeyId: key.id }, orderBy: { at: "asc" } });
    expect(kept).toHaveLength(KEPT_REQUESTS_PER_KEY);
    expect(kept[0].at.getTime()).toBe(start + 25); // the 25 oldest went
    expect(await db.apiRequest.count({ where: { apiKeyId: other.id } })).toBe(1);
    // The counts still count every request.
    expect((await usageOf(key.id)).reduce((sum, row) => sum + row.requests, 0)).toBe(KEPT_REQUESTS_PER_KEY + 25);
  });
});
