import { once } from "node:events";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startServer } from "../../scripts/lib/server.mjs";
import { BASE_DATABASE_URL, freePort } from "./harness";

/**
 * Production start-up refuses unsafe configurations: the server exits before it listens, and
 * its log names the variable and says what to set.
 */
async function startAndExpectExit(name: string, env: Record<string, string>) {
  const dir = path.join(process.cwd(), "test-results", "system");
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, `${name}.log`);
  const server = startServer({ port: await freePort(), logFile, env });
  const timer = setTimeout(() => server.kill("SIGKILL"), 60_000);
  const [code] = await once(server, "exit");
  clearTimeout(timer);
  await new Promise((resolve) => setTimeout(resolve, 200)); // the log stream's last write
  return { code: code as number | null, log: readFileSync(logFile, "utf8") };
}

const safe = {
  DATABASE_URL: BASE_DATABASE_URL,
  NEXTAUTH_SECRET: "startup-test-secret-startup-test-secret-00",
  GLYPHIC_DEMO: "",
  GLYPHIC_SINGLE_INSTANCE: "",
};

describe("production start-up", () => {
  it("stops without Upstash unless GLYPHIC_SINGLE_INSTANCE=1, saying what to set", async () => {
    const { code, log } = await startAndExpectExit("startup-no-upstash", {
      ...safe,
      NEXTAUTH_URL: "https://app.example.com",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
    });
    expect(code).not.toBe(0);
    expect(log).toContain("UPSTASH_REDIS_REST_URL is required in production");
    expect(log).toContain("GLYPHIC_SINGLE_INSTANCE=1");
    expect(log).not.toMatch(/\bat <unknown>|\.js:\d+:\d+/); // the message, not a stack trace
  });

  it("stops with a plain-http NEXTAUTH_URL, saying why", async () => {
    const { code, log } = await startAndExpectExit("startup-http-url", {
      ...safe,
      GLYPHIC_SINGLE_INSTANCE: "1",
      NEXTAUTH_URL: "http://app.example.com",
    });
    expect(code).not.toBe(0);
    expect(log).toContain("NEXTAUTH_URL must be an https:// URL in production");
    expect(log).not.toContain(safe.NEXTAUTH_SECRET);
  });
});
