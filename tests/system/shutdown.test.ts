import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createAcmeKey, dropSchema, startApp, useSchema } from "./harness";

/**
 * A production server on a single instance (requests recorded in memory, flushed every 15 s)
 * gets SIGTERM in the middle of traffic: it must stop taking requests, write what it holds and
 * exit within 10 s, so that every 200 a client received is counted in the database.
 */
const SCHEMA = "system_shutdown";
let key = "";
let keyId = "";

beforeAll(async () => {
  await useSchema(SCHEMA);
  ({ key, id: keyId } = await createAcmeKey("Shutdown drill"));
});

afterAll(async () => {
  await dropSchema(SCHEMA);
});

describe("graceful shutdown", () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp("shutdown", {
      DATABASE_URL: process.env.DATABASE_URL ?? "",
      API_RATE_LIMIT_REQUESTS: "1000000",
    });
  });

  it("counts in the database exactly the 200s the clients received, and exits within 10 s", async () => {
    let ok = 0;
    let refused = 0;
    let signalledAt = 0;
    let stop = false;
    // Eight clients in a loop; the signal goes out once traffic is flowing, and they keep
    // going until the server stops answering.
    const client = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${app.url}/api/v1/me`, { headers: { "x-api-key": key } });
          await response.arrayBuffer();
          if (response.status === 200) ok += 1;
        } catch {
          refused += 1;
          if (signalledAt > 0) return;
        }
      }
    };
    const exited = new Promise<number | null>((resolve) => app.process.once("exit", (code) => resolve(code)));
    const clients = Array.from({ length: 8 }, client);
    while (ok < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    signalledAt = Date.now();
    app.process.kill("SIGTERM");
    const code = await exited;
    const exitMs = Date.now() - signalledAt;
    stop = true;
    await Promise.all(clients);

    expect(exitMs).toBeLessThan(10_000);
    expect(code).toBe(143); // Next's own exit code for SIGTERM: the process was not killed
    expect(refused).toBeGreaterThan(0); // the server did stop taking requests
    const { db } = await import("../../lib/db/client");
    const rows = await db.apiKeyUsage.findMany({ where: { apiKeyId: keyId } });
    const successes = rows.reduce(
      (sum, row) => sum + row.requests - row.rateLimited - row.clientErrors - row.serverErrors,
      0,
    );
    expect(ok).toBeGreaterThan(300);
    expect(successes).toBe(ok);
    expect(await db.apiRequest.count({ where: { apiKeyId: keyId, status: 200 } })).toBe(Math.min(ok, 1000));
    const log = app.log();
    expect(log).toContain('"msg":"shutdown: records written"');
  }, 60_000);
});
