import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { createUpstashRedis } from "@/lib/redis/client";
import { memorySink } from "@/lib/requests/memory-sink";
import type { RequestSink } from "@/lib/requests/sink";
import { upstashSink } from "@/lib/requests/upstash-sink";
import { startUpstashBridge, type UpstashBridge } from "@/scripts/upstash-bridge";

/**
 * Both RequestSinks, named for describe.each: memory, and Upstash through the local REST bridge
 * over a real Redis. The bridge starts in the calling file's beforeAll and stops in its afterAll;
 * each factory makes a fresh sink when a test calls it.
 */
export function requestSinks(): [string, () => RequestSink][] {
  let bridge: UpstashBridge | undefined;
  beforeAll(async () => {
    bridge = await startUpstashBridge({
      token: randomBytes(16).toString("hex"),
      redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    });
  });
  afterAll(async () => {
    await bridge?.close();
  });
  return [
    ["memory", () => memorySink()],
    [
      "upstash",
      () => {
        if (!bridge) throw new Error("the Upstash bridge starts in beforeAll");
        const redis = createUpstashRedis(bridge.url, bridge.token);
        return upstashSink(redis, redis);
      },
    ],
  ];
}
