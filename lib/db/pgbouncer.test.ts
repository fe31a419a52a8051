import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

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
const PGBOUNCER = "/usr/sbin/pgbouncer";
const baseUrl = (() => {
  const url = new URL(process.env.DATABASE_URL ?? "postgresql://unset");
  url.searchParams.delete("schema");
  return url;
})();

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, deadline: number): Promise<void> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      socket.once("connect", () => resolve(true)).once("error", () => resolve(false));
      socket.once("connect", () => socket.destroy());
      socket.connect(port, "127.0.0.1");
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`PgBouncer did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startPgBouncer(dir: string): Promise<{ port: number; process: ChildProcess }> {
  const port = await freePort();
  const target = `host=${baseUrl.hostname} port=${baseUrl.port || 5432}`;
  writeFileSync(path.join(dir, "users.txt"), `"${decodeURIComponent(baseUrl.username) || "postgres"}" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = ${target}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      // Fewer server connections than clients: transactions of one client move between them.
      "default_pool_size = 3",
      "max_client_conn = 200",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      "",
    ].join("\n"),
  );
  // PgBouncer refuses to run as root: it is told to switch to the postgres user then.
  const asRoot = process.getuid?.() === 0;
  const child = spawn(PGBOUNCER, [...(asRoot ? ["-u", "postgres"] : []), path.join(dir, "pgbouncer.ini")], {
    stdio: "ignore",
  });
  await waitForPort(port, Date.now() + 10_000);
  return { port, process: child };
}

const suite = process.env.DATABASE_URL ? describe : describe.skip;

suite("behind PgBouncer in transaction mode", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "glyphic-pgbouncer-"));
  const database = `glyphic_pgbouncer_${randomBytes(4).toString("hex")}`;
  let bouncer: ChildProcess | undefined;
  let pooledUrl = "";
  const admin = () => new pg.Client({ connectionString: baseUrl.toString() });

  beforeAll(async () => {
    if (!existsSync(PGBOUNCER)) {
      throw new Error(
        `${PGBOUNCER} not found: this test needs PgBouncer (apt-get install pgbouncer). CI installs it; it is not skipped so that a missing PgBouncer cannot pass silently.`,
      );
    }
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE "${database}"`);
    await client.end();
    // The postgres user writes its log file here.
    chmodSync(dir, 0o777);
    const started = await startPgBouncer(dir);
    bouncer = started.process;
    const url = new URL(baseUrl);
    url.port = String(started.port);
    url.pathname = `/${database}`;
    url.searchParams.set("pgbouncer", "true");
    pooledUrl = url.toString();
    // This file's own database (the test setup's schema) is not used from here on.
    await (await import("@/lib/db/client")).closeDatabase();
    vi.stubEnv("DATABASE_URL", pooledUrl);
    vi.resetModules();
  }, 30_000);

  afterAll(async () => {
    await (await import("@/lib/db/client")).closeDatabase();
    vi.unstubAllEnvs();
    bouncer?.kill("SIGTERM");
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await client.end();
    if (process.env.PGBOUNCER_TEST_LOG) console.log(readFileSync(path.join(dir, "pgbouncer.log"), "utf8"));
    rmSync(dir, { recursive: true, force: true });
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
