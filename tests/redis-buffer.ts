import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, expect, vi } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "@/scripts/upstash-bridge";

async function load() {
  // A fresh lib/env, which parses the environment once (the database setup may already have).
  vi.resetModules();
  return {
    buffer: await import("@/lib/requests/redis-buffer"),
    keys: await import("@/lib/requests/buffer-keys"),
    store: await import("@/lib/requests/store"),
    recorder: await import("@/lib/requests/recorder"),
    client: await import("@/lib/db/client"),
    redis: await import("@/lib/redis/client"),
    service: await import("@/lib/api-keys/commands/create"),
    factories: await import("@/tests/factories"),
  };
}

/**
 * The Redis buffer (Upstash deployments) over the REST bridge and the local Redis, into the test
 * file's own database, for lib/requests' tests: the modules loaded with the bridge's URL, and
 * what the tests record and read back.
 */
export function redisBufferFixture() {
  let bridge: UpstashBridge | undefined;
  let loaded: Awaited<ReturnType<typeof load>> | undefined;
  const modules = () => {
    if (!loaded) throw new Error("the Redis buffer's modules load in beforeAll");
    return loaded;
  };
  beforeAll(async () => {
    bridge = await startUpstashBridge({
      token: randomBytes(16).toString("hex"),
      redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    });
    vi.stubEnv("UPSTASH_REDIS_REST_URL", bridge.url);
    vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", bridge.token);
    loaded = await load();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await bridge?.close();
  });
  beforeEach(() => modules().recorder.resetRequestRecorder());

  const redis = () =>
    modules().redis.upstashBatchRedis() as NonNullable<
      ReturnType<ReturnType<typeof modules>["redis"]["upstashBatchRedis"]>
    >;
  const db = () => modules().client.db;

  async function newKey() {
    const { factories, service } = modules();
    const org = await factories.createOrganization();
    const admin = await factories.createMember(org.id, "ADMIN");
    const created = await service.createApiKey({ organizationId: org.id, userId: admin.id, name: "Zap" });
    return created.summary.id;
  }

  /** `statuses.length` requests made with the key, written to Redis as a request's after() does. */
  async function record(keyId: string, statuses: number[]) {
    for (const status of statuses) {
      const request = { keyId, at: Date.now(), method: "GET", path: "/api/v1/me", status };
      const reply = await modules().buffer.recordInRedis(
        redis(),
        { ...request, clientAddress: "192.0.2.7", userAgent: null, durationMs: 2 },
        15_000,
      );
      expect(reply).not.toBeNull();
    }
  }

  async function written(keyId: string) {
    const usage = await db().apiKeyUsage.findMany({ where: { apiKeyId: keyId } });
    return {
      requests: usage.reduce((sum, row) => sum + row.requests, 0),
      clientErrors: usage.reduce((sum, row) => sum + row.clientErrors, 0),
      rows: await db().apiRequest.count({ where: { apiKeyId: keyId } }),
    };
  }

  async function openClaims(): Promise<number> {
    const keys = await modules().keys.requestBufferKeys();
    return Number(await redis().zcard(keys.claims));
  }

  return {
    modules,
    /** Loads the modules again, as another process would (a fresh lib/env and lib/db). */
    reload: async () => {
      loaded = await load();
    },
    redis,
    db,
    newKey,
    record,
    written,
    openClaims,
    /** A moment at which every claim made so far is stale. */
    later: () => Date.now() + modules().buffer.CLAIM_STALE_MS + 1_000,
  };
}
