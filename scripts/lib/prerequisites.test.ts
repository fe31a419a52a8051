import { describe, expect, it } from "vitest";
import { freePort } from "@/tests/system/harness";
import { checkChromium, checkPostgres, checkRedis, findMissingPrerequisites } from "./prerequisites.mjs";

describe("npm test's prerequisites", () => {
  it("names Redis, with how to start it, when nothing listens at REDIS_URL", async () => {
    const port = await freePort();
    const started = performance.now();
    const problem = await checkRedis(`redis://127.0.0.1:${port}`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(problem).toContain(`Redis not reachable at 127.0.0.1:${port}`);
    expect(problem).toContain("redis-server --daemonize yes");
  });

  it("passes a running Redis", async () => {
    expect(await checkRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379")).toBeNull();
  });

  it("names Chromium with how to install it, and Postgres without its password", async () => {
    expect(checkChromium("/nonexistent/chromium")).toMatch(
      /Chromium not found at \/nonexistent\/chromium.*apt-get install chromium.*CHROMIUM_PATH/,
    );
    const port = await freePort();
    const problem = await checkPostgres(`postgresql://postgres:hunter2@127.0.0.1:${port}/test`);
    expect(problem).toContain(`Postgres not reachable at 127.0.0.1:${port}/test`);
    expect(problem).not.toContain("hunter2");
  });

  it("checks Chromium only for the phases that open a browser, and lists one line per problem", async () => {
    const redisPort = await freePort();
    const env = { REDIS_URL: `redis://127.0.0.1:${redisPort}`, CHROMIUM_PATH: "/nonexistent/chromium" };
    expect(await findMissingPrerequisites({ phases: ["unit"], env })).toHaveLength(1);
    const all = await findMissingPrerequisites({ phases: ["unit", "system", "e2e"], env });
    expect(all).toHaveLength(2);
    expect(all[1]).toContain("Chromium");
  });
});
