import type { ChildProcess } from "node:child_process";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashBridgeProcess } from "../../scripts/lib/upstash-process.mjs";
import { type PgBouncer, startPgBouncer } from "../pgbouncer";
import { type App, dropDatabase, startApp, useDatabase } from "./harness";

/**
 * The serverless drill: the app as a Vercel-style fleet runs it, and the faults such a fleet meets.
 * - PgBouncer in transaction mode (pool of 4, round robin) in front of Postgres, as every
 *   serverless Postgres provider's pooled URL is; three production instances (the standalone
 *   server) reach the database only through it, and share Redis through the Upstash REST bridge.
 * - Keyed traffic for about a minute, during which: one instance is SIGKILLed while its flush of
 *   recorded requests waits on a lock (Postgres notices the dead client within 500 ms:
 *   client_connection_check_interval); for 20 s every insert into "ApiRequest" fails.
 * - Then every job runs three times through a survivor, and `db:migrate` twice through PgBouncer.
 * It asserts that nothing is lost or counted twice (each key's counted successes equal the 200s
 * its clients received, and its recorded requests equal the answers they received), that no job
 * run was skipped as "already running", that no advisory lock is left, and that each migration
 * run finishes within 10 s.
 */
const DATABASE = "glyphic_drill";
// Many keys, so that most stay under the 1,000 requests kept per key and every row is checked.
const KEYS = 40;
const TRAFFIC_MS = 60_000;
const WORKERS = 8;
const CRON_SECRET = randomBytes(24).toString("hex");

let pooler: PgBouncer;
let upstash: { bridge: ChildProcess; env: Record<string, string> };
let instances: App[] = [];
let admin: pg.Client;
const keys: { id: string; key: string }[] = [];

beforeAll(async () => {
  const directUrl = await useDatabase(DATABASE, { clientConnectionCheckInterval: "500ms" });
  const { db } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/commands/create");
  // Globex has the extended key limit (50 active keys).
  const globex = await db.organization.findUniqueOrThrow({ where: { slug: "globex" } });
  const owner = await db.user.findUniqueOrThrow({ where: { email: "admin@globex.test" } });
  for (let index = 0; index < KEYS; index++) {
    const created = await createApiKey({ organizationId: globex.id, userId: owner.id, name: `Drill ${index + 1}` });
    keys.push({ id: created.summary.id, key: created.key });
  }

  admin = new pg.Client({ connectionString: directUrl });
  await admin.connect();
  // A switch the test flips to make every insert into "ApiRequest" fail, as a full disk or a
  // broken partition would, while everything else keeps working.
  await admin.query(`
    CREATE TABLE drill_switch (failing boolean NOT NULL);
    INSERT INTO drill_switch VALUES (false);
    CREATE FUNCTION drill_fail_requests() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (SELECT failing FROM drill_switch) THEN RAISE EXCEPTION 'drill: ApiRequest is refusing inserts'; END IF;
        RETURN NEW;
      END $$;
    CREATE TRIGGER drill_fail_requests BEFORE INSERT ON "ApiRequest" FOR EACH STATEMENT EXECUTE FUNCTION drill_fail_requests();`);

  pooler = await startPgBouncer({ poolSize: 4 });
  const logDir = path.join(process.cwd(), "test-results", "system");
  mkdirSync(logDir, { recursive: true });
  upstash = await startUpstashBridgeProcess(path.join(logDir, "drill-upstash-bridge.log"));
  const env = {
    // Everything through the pooler: no DIRECT_URL, so jobs and leases are tested where they are weakest.
    DATABASE_URL: `${pooler.url(DATABASE)}?pgbouncer=true`,
    ...upstash.env,
    CRON_SECRET,
    API_RATE_LIMIT_REQUESTS: "1000000",
    API_RATE_LIMIT_WINDOW_SECONDS: "60",
    LOG_LEVEL: "warn",
  };
  instances = await Promise.all(
    ["a", "b", "c"].map((name) => startApp(`drill-${name}`, { ...env, PGAPPNAME: `drill-${name}` })),
  );
}, 240_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  if (upstash) {
    upstash.bridge.kill("SIGTERM");
  }
  await admin?.end();
  await pooler?.stop();
  await dropDatabase(DATABASE);
}, 120_000);

interface Tally {
  ok: number;
  answered: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keyed traffic over the instances in `pool` (which the test may shrink) until `until`. */
async function traffic(pool: App[], until: number, tallies: Map<string, Tally>): Promise<number> {
  let failures = 0;
  let next = 0;
  const worker = async (workerIndex: number) => {
    while (Date.now() < until) {
      const key = keys[next++ % keys.length];
      const instance = pool[(next + workerIndex) % pool.length];
      try {
        const response = await fetch(`${instance.url}/api/v1/me`, {
          headers: { "x-api-key": key.key, "x-forwarded-for": `198.51.100.${workerIndex + 1}` },
        });
        await response.arrayBuffer();
        const tally = tallies.get(key.id) as Tally;
        tally.answered++;
        if (response.status === 200) tally.ok++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, index) => worker(index)));
  return failures;
}

async function cron(instance: App, job: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${instance.url}/api/cron/${job}`, {
    headers: { authorization: `Bearer ${CRON_SECRET}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function recorded(): Promise<Map<string, { ok: number; rows: number }>> {
  const { rows } = await admin.query<{ id: string; ok: number; rows: number }>(
    `SELECT k."id",
        COALESCE((SELECT SUM(u."requests" - u."rateLimited" - u."clientErrors" - u."serverErrors")
          FROM "ApiKeyUsage" u WHERE u."apiKeyId" = k."id"), 0)::int AS ok,
        (SELECT count(*) FROM "ApiRequest" r WHERE r."apiKeyId" = k."id")::int AS rows
      FROM "ApiKey" k WHERE k."id" = ANY($1::text[])`,
    [keys.map((key) => key.id)],
  );
  return new Map(rows.map((row) => [row.id, { ok: row.ok, rows: row.rows }]));
}

describe("a serverless fleet behind PgBouncer in transaction mode", () => {
  const tallies = new Map<string, Tally>();

  it("records every served request exactly once through a killed instance and a failing table", async () => {
    for (const key of keys) tallies.set(key.id, { ok: 0, answered: 0 });
    const [a, b, c] = instances;
    const started = Date.now();
    const pool = [a, b, c];
    const load = traffic(pool, started + TRAFFIC_MS, tallies);

    // 1. At ~10 s: take C out of rotation (a load balancer would), let its after() work finish,
    //    block the flush tables with a lock, have C start a flush, and kill C while it waits.
    await sleep(10_000);
    pool.splice(pool.indexOf(c), 1);
    await sleep(1_500);
    await admin.query("BEGIN");
    await admin.query('LOCK TABLE "ApiKeyUsage" IN SHARE ROW EXCLUSIVE MODE');
    void cron(c, "flush-requests").catch(() => undefined);
    let blocked = 0;
    for (let attempt = 0; attempt < 100 && blocked === 0; attempt++) {
      await sleep(100);
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'drill-c' AND wait_event_type = 'Lock'`,
      );
      blocked = rows[0].n;
    }
    expect(blocked, "instance C's flush waits on the lock").toBeGreaterThan(0);
    c.process.kill("SIGKILL");
    // Postgres ends the dead client's transaction (client_connection_check_interval = 500 ms).
    let lingering = 1;
    for (let attempt = 0; attempt < 50 && lingering > 0; attempt++) {
      await sleep(200);
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'drill-c' AND state <> 'idle'`,
      );
      lingering = rows[0].n;
    }
    await admin.query("ROLLBACK");

    // 2. From ~25 s to ~45 s every insert into "ApiRequest" fails.
    await sleep(Math.max(0, started + 25_000 - Date.now()));
    await admin.query("UPDATE drill_switch SET failing = true");
    await sleep(20_000);
    await admin.query("UPDATE drill_switch SET failing = false");

    const failures = await load;
    expect(failures, "requests to the live instances all answered").toBe(0);

    // 3. Every job, three times, through a survivor: none may be skipped as "already running".
    const { JOB_NAMES } = await import("../../lib/jobs/registry");
    for (let round = 0; round < 3; round++) {
      for (const job of JOB_NAMES) {
        const { status, body } = await cron(a, job);
        expect(status, `${job}: ${JSON.stringify(body)}`).toBe(200);
        // Nothing may be skipped as "already running" (maintenance may say a job is "not due").
        expect(JSON.stringify(body), `${job} round ${round + 1}`).not.toContain("already running");
      }
    }

    // 4. The survivors move what is left, including the dead instance's claimed batch once it is
    //    old enough to be taken over.
    const served = [...tallies.values()].reduce((sum, tally) => sum + tally.ok, 0);
    expect(served).toBeGreaterThan(1_000);
    const { KEPT_REQUESTS_PER_KEY } = await import("../../lib/requests/store");
    const expected = Object.fromEntries(
      keys.map((key) => {
        const tally = tallies.get(key.id) as Tally;
        return [key.id, { ok: tally.ok, rows: Math.min(tally.answered, KEPT_REQUESTS_PER_KEY) }];
      }),
    );
    const settleStarted = Date.now();
    let counts = await recorded();
    const settled = () =>
      keys.every(
        (key) => counts.get(key.id)?.ok === expected[key.id].ok && counts.get(key.id)?.rows === expected[key.id].rows,
      );
    for (let attempt = 0; attempt < 60 && !settled(); attempt++) {
      await cron(b, "flush-requests");
      await sleep(2_000);
      counts = await recorded();
    }
    expect(Object.fromEntries(counts)).toEqual(expected);
    console.log(
      `drill: ${served} requests served in ${Math.round(TRAFFIC_MS / 1000)} s by 3 instances (one killed), all counted once; settled ${Math.round((Date.now() - settleStarted) / 1000)} s after the traffic`,
    );
  }, 400_000);

  it("leaves no advisory lock behind", async () => {
    const { rows } = await admin.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND d.datname = $1`,
      [DATABASE],
    );
    expect(rows[0].n).toBe(0);
  });

  it("migrates twice through PgBouncer, each run within 10 s", () => {
    const standalone = path.join(process.cwd(), ".next", "standalone");
    for (let run = 0; run < 2; run++) {
      const started = Date.now();
      const result = spawnSync(process.execPath, ["cli/db-migrate.mjs"], {
        cwd: standalone,
        env: {
          ...process.env,
          DATABASE_URL: `${pooler.url(DATABASE)}?pgbouncer=true`,
          DIRECT_URL: "",
          NODE_ENV: "production",
          NEXTAUTH_URL: "https://drill.example.com",
          GLYPHIC_SINGLE_INSTANCE: "1",
          NEXTAUTH_SECRET: "drill-secret-drill-secret-drill-secret-00",
        },
        encoding: "utf8",
        timeout: 30_000,
      });
      const seconds = (Date.now() - started) / 1000;
      expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
      expect(result.stdout).toContain("No pending migrations");
      expect(seconds).toBeLessThan(10);
    }
  });
});
