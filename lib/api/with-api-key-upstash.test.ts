import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "@/scripts/upstash-bridge";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams } from "@/tests/api-helpers";

vi.mock("next/server", async (importOriginal: () => Promise<typeof import("next/server")>) =>
  (await import("@/tests/after-tasks")).withCollectedAfter(importOriginal),
);

/**
 * The request path on the production configuration: @upstash/ratelimit and the key versions
 * through the Upstash REST bridge over the local Redis. What one instance sees when another
 * instance revokes a key is simulated by writing to the database and to Redis exactly what the
 * other instance's revoke writes (the real two-instance run is tests/system/scale-out.test.ts).
 */
let bridge: UpstashBridge;
/** What the app sent to Upstash: one entry per HTTP request. */
const requests: { path: string; commands: string[][] }[] = [];
let modules: Awaited<ReturnType<typeof load>>;

async function load() {
  // A fresh lib/env, which parses the environment once (the database setup may already have).
  vi.resetModules();
  return {
    me: (await import("@/app/api/v1/me/route")).GET,
    service: await import("@/lib/api-keys/commands/create"),
    version: await import("@/lib/api-keys/verification/key-cache-version"),
    verify: await import("@/lib/api-keys/verification/verify"),
    knownHashes: await import("@/lib/api-keys/verification/known-hashes"),
    cache: await import("@/lib/api-keys/verification/key-cache"),
    recorder: await import("@/lib/requests/recorder"),
    bufferKeys: await import("@/lib/requests/buffer-keys"),
    redis: await import("@/lib/redis/client"),
    format: await import("@/lib/api-keys/format"),
    factories: await import("@/tests/factories"),
    db: (await import("@/lib/db/client")).db,
  };
}

beforeAll(async () => {
  bridge = await startUpstashBridge({
    token: randomBytes(16).toString("hex"),
    redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    onRequest: (request) => requests.push(request),
  });
  vi.stubEnv("UPSTASH_REDIS_REST_URL", bridge.url);
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", bridge.token);
  vi.stubEnv("API_RATE_LIMIT_REQUESTS", "4");
  vi.stubEnv("API_RATE_LIMIT_WINDOW_SECONDS", "3600");
  modules = await load();
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bridge?.close();
});

async function newKey() {
  const { factories, service } = modules;
  const org = await factories.createOrganization();
  const admin = await factories.createMember(org.id, "ADMIN");
  const created = await service.createApiKey({ organizationId: org.id, userId: admin.id, name: "Zap" });
  return { org, admin, key: created.key, id: created.summary.id, hash: modules.format.hashApiKey(created.key) };
}

const me = (key: string) => modules.me(apiRequest("/api/v1/me", { key }), noParams);

describe("withApiKey on Upstash", () => {
  it("answers a cached key with one HTTP request to Upstash: its limit and its version, pipelined", async () => {
    const { key } = await newKey();
    expect((await me(key)).status).toBe(200); // verified and cached; the limiter's scripts loaded
    requests.length = 0;
    expect((await me(key)).status).toBe(200);
    expect(requests.map((request) => request.path)).toEqual(["/pipeline"]);
    // The address's budget of unknown keys is not read: a cached key needs no lookup.
    expect(requests[0].commands.map((command) => command[0].toLowerCase()).sort()).toEqual(["evalsha", "getex"]);
  });

  // API_RATE_LIMIT_REQUESTS is 4 in this file: 4 requests, all served.
  it("costs at most 3 Upstash commands per served request: its limit, its version, its record", async () => {
    const { key, id } = await newKey();
    expect((await me(key)).status).toBe(200);
    await runAfterTasks();
    await modules.recorder.flushRequests(); // this process's first drain also looks for the previous release's buffer
    // Steady state: the buffer was drained within the interval, so this request is not picked to.
    const keys = await modules.bufferKeys.requestBufferKeys();
    await modules.redis.upstashRedis()?.set(keys.due, "1", { px: 60_000 });
    const commands = () => requests.flatMap((request) => request.commands.map((command) => command[0].toLowerCase()));
    for (let i = 0; i < 2; i++) {
      requests.length = 0;
      expect((await me(key)).status).toBe(200);
      await runAfterTasks(); // the record, after the response
      expect(commands().sort()).toEqual(["evalsha", "evalsha", "getex"]);
    }
    // The drain (every FLUSH_INTERVAL_MS, by one request of the whole deployment) adds 2: claim, finish.
    await modules.redis.upstashRedis()?.del(keys.due);
    requests.length = 0;
    expect((await me(key)).status).toBe(200);
    await runAfterTasks();
    expect(commands()).toHaveLength(5);
    expect((await modules.db.apiKeyUsage.findMany({ where: { apiKeyId: id } })).map((row) => row.requests)).toEqual([
      4,
    ]);
  });

  it("drops a cached key on the next request once another instance has published its invalidation", async () => {
    const { key, id, hash } = await newKey();
    expect((await me(key)).status).toBe(200);
    // Another instance's revoke: first its transaction commits…
    await modules.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    // …and until its invalidation is published this instance still trusts its cache (which is
    // why every change that stops a key goes through invalidateApiKey before it returns).
    expect((await me(key)).status).toBe(200);
    await modules.version.publishKeyVersion(hash);
    expect((await me(key)).status).toBe(401);
  });

  it("keeps serving a key whose invalidation changed nothing that matters (e.g. after a rename)", async () => {
    const { key, hash } = await newKey();
    expect((await me(key)).status).toBe(200);
    await modules.version.publishKeyVersion(hash);
    expect((await me(key)).status).toBe(200);
    expect((await me(key)).status).toBe(200);
  });

  it("neither reads nor fills the cache when the key's version could not be read", async () => {
    const { verify, cache, db } = modules;
    const context = () => ({ generation: cache.keyCacheGeneration(), requestStartedAt: Date.now() });
    const revokeInDatabase = (id: string) => db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    // Redis unreachable (version undefined): a revoke elsewhere could not be seen, so the
    // answer comes from the database and is not kept for later requests.
    const first = await newKey();
    expect((await verify.verifyApiKey(first.hash, { ...context(), version: undefined })).status).toBe("active");
    await revokeInDatabase(first.id);
    expect((await verify.verifyApiKey(first.hash, { ...context(), version: null })).status).toBe("invalid");

    const second = await newKey();
    expect((await verify.verifyApiKey(second.hash, { ...context(), version: null })).status).toBe("active");
    await revokeInDatabase(second.id);
    expect((await verify.verifyApiKey(second.hash, { ...context(), version: undefined })).status).toBe("invalid");
  });

  it("records a key's requests in Redis from after(), nothing in memory, then moves them to Postgres", async () => {
    const { key, id } = await newKey();
    modules.recorder.resetRequestRecorder();
    await runAfterTasks();
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await me(key)).status);
      await runAfterTasks(); // the response is sent: after() writes the request to Redis
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    // Nothing waits in this instance's memory (a frozen serverless instance loses nothing)…
    expect(modules.recorder.pendingRequestRecords()).toEqual({ countRows: 0, requests: 0 });
    expect(await modules.db.apiKeyUsage.count({ where: { apiKeyId: id } })).toBe(0);
    // …and any instance's flush moves it: the counts and the requests themselves.
    await modules.recorder.flushRequests();
    const rows = await modules.db.apiKeyUsage.findMany({ where: { apiKeyId: id } });
    expect(rows.map(({ requests, rateLimited, clientErrors }) => ({ requests, rateLimited, clientErrors }))).toEqual([
      { requests: 6, rateLimited: 2, clientErrors: 0 },
    ]);
    const recent = await modules.db.apiRequest.findMany({ where: { apiKeyId: id }, orderBy: { at: "asc" } });
    expect(recent.map((row) => row.status).sort()).toEqual([200, 200, 200, 200, 429, 429]);
    expect(recent[0]).toMatchObject({ method: "GET", path: "/api/v1/me" });
    // A second flush finds the buffer empty: nothing is written twice.
    await modules.recorder.flushRequests();
    expect(await modules.db.apiRequest.count({ where: { apiKeyId: id } })).toBe(6);
  });

  it("moves what waits in Redis when the flush-requests job runs, with no request to do it", async () => {
    const { key, id } = await newKey();
    modules.recorder.resetRequestRecorder();
    expect((await me(key)).status).toBe(200);
    await runAfterTasks();
    expect(await modules.db.apiRequest.count({ where: { apiKeyId: id } })).toBe(0);
    const { runJob } = await import("@/lib/jobs/registry");
    const result = await runJob("flush-requests");
    expect(result).toMatchObject({ job: "flush-requests", requests: 1 });
    expect(await modules.db.apiRequest.count({ where: { apiKeyId: id } })).toBe(1);
  });

  it("counts a made-up key's refusals but keeps none: its flood cannot push a tenant's requests out of the shared buffer", async () => {
    const { key, id } = await newKey();
    await modules.recorder.flushRequests(); // an empty buffer to look into
    modules.knownHashes.forgetKnownHashes(); // a fresh instance: the set of known keys never loaded
    for (let i = 0; i < 2; i++) expect((await me(key)).status).toBe(200);
    const madeUp = modules.format.generateApiKey().key; // well-formed, never created
    const madeUpHash = modules.format.hashApiKey(madeUp);
    const statuses = [];
    for (let i = 0; i < 10; i++) statuses.push((await me(madeUp)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429]); // its own limit: 4
    await runAfterTasks();
    expect(modules.knownHashes.knownHashCount()).toBeNull(); // recording them loaded nothing

    const redis = modules.redis.upstashRedis();
    if (!redis) throw new Error("no Upstash");
    const keys = await modules.bufferKeys.requestBufferKeys();
    const buffered = [
      ...((await redis.lrange(keys.requests, 0, -1)) as unknown[]),
      ...(((await redis.hvals(keys.ring)) ?? []) as unknown[]),
    ].map((entry) => (typeof entry === "string" ? JSON.parse(entry) : entry) as { keyId?: string; keyHash?: string });
    expect(buffered.filter((request) => request.keyHash === madeUpHash)).toHaveLength(0);
    expect(buffered.filter((request) => request.keyId === id)).toHaveLength(2);
    // Counted all the same (on the hash, which joins no key when it is written).
    const bucket = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    expect(Number(await redis.hget(keys.counts, `h:${madeUpHash}:${bucket}:rateLimited`))).toBe(6);
  });

  it("records a real key's refusals by its own limit on its key when this instance knows it without I/O, else counts them", async () => {
    const { key, id, hash } = await newKey();
    await modules.recorder.flushRequests();
    modules.knownHashes.forgetKnownHashes();
    for (let i = 0; i < 4; i++) expect((await me(key)).status).toBe(200);
    expect((await me(key)).status).toBe(429); // cached here: recorded on the key
    modules.cache.clearKeyCache(); // as on an instance that never served the key…
    expect((await me(key)).status).toBe(429); // …counted only
    await modules.knownHashes.mayBeKnownKeyHash(hash); // once the failure budget loaded the known keys…
    expect((await me(key)).status).toBe(429); // …recorded by hash, on its key
    await runAfterTasks();
    await modules.recorder.flushRequests();
    const [usage] = await modules.db.apiKeyUsage.findMany({ where: { apiKeyId: id } });
    expect(usage).toMatchObject({ requests: 7, rateLimited: 3 });
    const recent = await modules.db.apiRequest.findMany({ where: { apiKeyId: id } });
    expect(recent.map((row) => row.status).sort()).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
