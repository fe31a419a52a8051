import { createHash, randomBytes } from "node:crypto";
import { Redis } from "@upstash/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rewriteScript, startUpstashBridge, type UpstashBridge } from "./upstash-bridge";

// Against the real local Redis, no skip: the bridge is what the e2e server's limiter runs on.
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const token = randomBytes(16).toString("hex");
let bridge: UpstashBridge;
const prefix = `bridge-test:${randomBytes(6).toString("hex")}`;

beforeAll(async () => {
  bridge = await startUpstashBridge({ token, redisUrl: REDIS_URL });
});
afterAll(async () => {
  const client = new Redis({ url: bridge.url, token, enableTelemetry: false });
  const keys = await client.keys(`${prefix}:*`);
  if (keys.length > 0) await client.del(...keys);
  await bridge?.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${bridge.url}${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const sha1 = (text: string) => createHash("sha1").update(text).digest("hex");

describe("Upstash REST bridge", () => {
  it("refuses requests without the bearer token", async () => {
    const response = await fetch(`${bridge.url}/`, { method: "POST", body: JSON.stringify(["PING"]) });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Unauthorized" });
    const wrong = await post("/", ["PING"], { Authorization: "Bearer nope" });
    expect(wrong.status).toBe(401);
  });

  it("runs one command, plain or base64-encoded", async () => {
    expect(await (await post("/", ["SET", `${prefix}:a`, "héllo"])).json()).toEqual({ result: "OK" });
    expect(await (await post("/", ["GET", `${prefix}:a`])).json()).toEqual({ result: "héllo" });
    const encoded = await (await post("/", ["GET", `${prefix}:a`], { "Upstash-Encoding": "base64" })).json();
    expect(encoded).toEqual({ result: Buffer.from("héllo").toString("base64") });
    expect(await (await post("/", ["INCRBY", `${prefix}:n`, 5])).json()).toEqual({ result: 5 });
    expect(await (await post("/", ["GET", `${prefix}:missing`])).json()).toEqual({ result: null });
    const failed = await post("/", ["NOSUCHCOMMAND"]);
    expect(failed.status).toBe(400);
    expect((await failed.json()).error).toMatch(/unknown command/i);
  });

  it("runs pipelines and transactions with per-command results and errors", async () => {
    const pipeline = await post(
      "/pipeline",
      [
        ["SET", `${prefix}:p`, "1"],
        ["INCR", `${prefix}:p`],
        ["LPUSH", `${prefix}:p`, "x"],
        ["MGET", `${prefix}:p`, `${prefix}:none`],
      ],
      { "Upstash-Encoding": "base64" },
    );
    const replies = await pipeline.json();
    expect(replies[0]).toEqual({ result: Buffer.from("OK").toString("base64") });
    expect(replies[1]).toEqual({ result: 2 });
    expect(replies[2].error).toMatch(/WRONGTYPE/);
    expect(replies[3]).toEqual({ result: [Buffer.from("2").toString("base64"), null] });
    const multi = await (
      await post("/multi-exec", [
        ["INCR", `${prefix}:m`],
        ["INCR", `${prefix}:m`],
      ])
    ).json();
    expect(multi).toEqual([{ result: 1 }, { result: 2 }]);
  });

  it("works with the @upstash/redis client, auto-pipelining included", async () => {
    const client = new Redis({ url: bridge.url, token, enableTelemetry: false });
    await Promise.all([client.set(`${prefix}:c1`, "one"), client.set(`${prefix}:c2`, { json: true })]);
    expect(await Promise.all([client.get(`${prefix}:c1`), client.get(`${prefix}:c2`)])).toEqual([
      "one",
      { json: true },
    ]);
    const tx = client.multi();
    tx.incr(`${prefix}:tx`);
    tx.incr(`${prefix}:tx`);
    expect(await tx.exec()).toEqual([1, 2]);
  });

  it("strips the allow-key-locking flag and maps EVALSHA of the original script", async () => {
    const original = "#!lua flags=allow-key-locking\nreturn {tonumber(ARGV[1]) + 1, KEYS[1]}";
    expect(rewriteScript(original)).toBe("#!lua\nreturn {tonumber(ARGV[1]) + 1, KEYS[1]}");
    expect(rewriteScript("#!lua flags=no-writes,allow-key-locking\nreturn 1")).toBe("#!lua flags=no-writes\nreturn 1");
    expect(rewriteScript("return 1")).toBe("return 1");

    const client = new Redis({ url: bridge.url, token, enableTelemetry: false });
    // Never loaded yet: the client gets NOSCRIPT and falls back to EVAL, as @upstash/ratelimit does.
    await expect(client.evalsha(sha1(`${original}\n-- ${prefix}`), [], [])).rejects.toThrow(/NOSCRIPT/);
    expect(await client.eval(original, [`${prefix}:k`], [41])).toEqual([42, `${prefix}:k`]);
    expect(await client.evalsha(sha1(original), [`${prefix}:k`], [1])).toEqual([2, `${prefix}:k`]);
    expect(await client.scriptExists(sha1(original))).toEqual([1]);
  });

  it("answers SCRIPT LOAD with the hash of the script the client sent", async () => {
    const original = `#!lua flags=allow-key-locking\nreturn '${prefix}'`;
    const client = new Redis({ url: bridge.url, token, enableTelemetry: false });
    expect(await client.scriptLoad(original)).toBe(sha1(original));
    expect(await client.evalsha(sha1(original), [], [])).toBe(prefix);
  });
});
