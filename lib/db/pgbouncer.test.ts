import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type PgBouncer, startPgBouncer } from "@/tests/pgbouncer";

/**
 * The review's setup: app instances behind PgBouncer in transaction mode, where each transaction
 * may run on another server connection. Session state — an advisory lock, a search_path, a
 * startup option — does not survive that. Jobs and migrations must still run every time and leave
 * no lock behind. Other clients keep the pooler busy meanwhile, as other instances' requests do,
 * so consecutive transactions of one client really do land on different server connections.
 *
 * Needs Postgres (DATABASE_URL) and /usr/sbin/pgbouncer (CI has both). The database is a fresh
 * one made with CREATE DATABASE: a `?schema=` cannot go through the pooler.
 */
const baseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://unset");
  url.searchParams.delete("schema");
  return url;
})();

const suite = process.env.DATABASE_URL ? describe : describe.skip;

suite("behind PgBouncer in transaction mode", () => {
  const database = `glyphic_pgbouncer_${randomBytes(4).toString("hex")}`;
  let bouncer: PgBouncer | undefined;
  let pooledUrl = "";
  const admin = () => new pg.Client({ connectionString: baseUrl.toString() });

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
    // Fails (is not skipped) without /usr/sbin/pgbouncer: a missing pooler must not pass silently.
    bouncer = await startPgBouncer({
      host: baseUrl.hostname,
      port: Number(baseUrl.port || 5432),
      poolSize: 3,
      user: decodeURIComponent(baseUrl.username) || "postgres",
    });
    pooledUrl = `${bouncer.url(database)}?pgbouncer=true`;
    // This file's own database (the test setup's schema) is not used from here on.
    await (await import("@/lib/db/client")).closeDatabase();
    vi.stubEnv("DATABASE_URL", pooledUrl);
    vi.resetModules();
  }, 30_000);

  afterAll(async () => {
    await (await import("@/lib/db/client")).closeDatabase();
    vi.unstubAllEnvs();
    if (process.env.PGBOUNCER_TEST_LOG) console.log(bouncer?.log());
    await bouncer?.stop();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
  });

  /** Other instances' traffic: short transactions through the same pooler, all the while. */
  async function withTraffic<T>(work: () => Promise<T>): Promise<T> {
    let stop = false;
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: pooledUrl }));
    await Promise.all(clients.map((client) => client.connect()));
    const loops = clients.map(async (client) => {
      while (!stop) await client.query("SELECT pg_sleep(0.003)");
    });
    try {
      return await work();
    } finally {
      stop = true;
      await Promise.all(loops);
      await Promise.all(clients.map((client) => client.end()));
    }
  }

  async function advisoryLocks(): Promise<number> {
    const client = admin();
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'
           AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [database],
      );
      return rows[0].n;
    } finally {
      await client.end();
    }
  }

  it("migrates three times in a row, each quickly, leaving no advisory lock", async () => {
    await withTraffic(async () => {
      for (let run = 0; run < 3; run++) {
        // A fresh process's connections each time, as separate `npm run db:migrate` calls.
        const { migrateDatabase } = await import("@/lib/db/bootstrap");
        const { closeDatabase } = await import("@/lib/db/client");
        const started = Date.now();
        const applied = await Promise.race([
          migrateDatabase(),
          new Promise<never>((_, reject) =>
            setTimeout(() => reject(new Error(`db:migrate run ${run + 1} hung (a migration lock left held?)`)), 15_000),
          ),
        ]);
        await closeDatabase();
        expect(Date.now() - started, `run ${run + 1}`).toBeLessThan(10_000);
        if (run === 0) expect(applied.length).toBeGreaterThan(0);
        else expect(applied).toEqual([]);
      }
    });
    expect(await advisoryLocks()).toBe(0);
  }, 60_000);

  it("runs a job five times in a row, never skipped, leaving no advisory lock", async () => {
    const results = await withTraffic(async () => {
      const runs: Record<string, unknown>[] = [];
      for (let run = 0; run < 5; run++) {
        const { runJob } = await import("@/lib/jobs/registry");
        const { closeDatabase } = await import("@/lib/db/client");
        runs.push(await runJob("retention"));
        await closeDatabase();
      }
      return runs;
    });
    for (const result of results) {
      expect(result).not.toHaveProperty("skipped");
      expect(result).toMatchObject({ job: "retention", complete: true });
    }
    expect(await advisoryLocks()).toBe(0);
  }, 60_000);

  it("applies the job statement timeout through the pooler (SET LOCAL, no startup option)", async () => {
    vi.stubEnv("DATABASE_JOB_STATEMENT_TIMEOUT_MS", "200");
    vi.resetModules();
    try {
      const { jobDatabase, closeDatabase } = await import("@/lib/db/client");
      await expect(jobDatabase().sql.query("SELECT pg_sleep(2)")).rejects.toThrow(/statement timeout/);
      expect(await jobDatabase().sql.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
      await closeDatabase();
    } finally {
      vi.stubEnv("DATABASE_JOB_STATEMENT_TIMEOUT_MS", "");
      vi.resetModules();
    }
  });
});
