import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port";

/**
 * PgBouncer in transaction mode in front of the test Postgres: what Supabase's, Neon's and
 * Vercel's pooled URLs are. A server connection is lent for one transaction at a time, so
 * anything a session keeps (advisory locks, SET, prepared statements by name) stays behind on a
 * connection the next client may get — the defects the serverless drill looks for.
 * Debian's pgbouncer refuses to run as root, so it runs as the postgres user (`-u postgres`).
 */
const PGBOUNCER_BINARY = "/usr/sbin/pgbouncer";

export interface PgBouncer {
  port: number;
  /** A connection string through the pooler to `database` of the Postgres behind it. */
  url(database: string): string;
  log(): string;
  stop(): Promise<void>;
}

interface PgBouncerOptions {
  /** Postgres behind the pooler (default 127.0.0.1:5432). */
  host?: string;
  port?: number;
  /** Server connections per database: fewer than clients, so one client's transactions move between them. */
  poolSize?: number;
  user?: string;
}

async function waitForPort(port: number, process: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (process.exitCode !== null) break;
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(socket.end() && true));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "";
  throw new Error(`PgBouncer did not start on port ${port}:\n${log.slice(-2000)}`);
}

export async function startPgBouncer(options: PgBouncerOptions = {}): Promise<PgBouncer> {
  if (!existsSync(PGBOUNCER_BINARY)) {
    throw new Error(
      `${PGBOUNCER_BINARY} is missing: install Debian's pgbouncer (apt-get install -y pgbouncer; .ci/run does).`,
    );
  }
  const user = options.user ?? "postgres";
  const dir = mkdtempSync(path.join(tmpdir(), "pgbouncer-"));
  chmodSync(dir, 0o777); // pgbouncer (user postgres) writes its log and pid file here
  const port = await freePort();
  const logFile = path.join(dir, "pgbouncer.log");
  writeFileSync(path.join(dir, "users.txt"), `"${user}" ""\n`);
  writeFileSync(
    path.join(dir, "pgbouncer.ini"),
    [
      "[databases]",
      `* = host=${options.host ?? "127.0.0.1"} port=${options.port ?? 5432}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      "auth_type = trust",
      `auth_file = ${path.join(dir, "users.txt")}`,
      "pool_mode = transaction",
      `default_pool_size = ${options.poolSize ?? 4}`,
      "server_round_robin = 1",
      "max_client_conn = 500",
      `logfile = ${logFile}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  for (const file of ["users.txt", "pgbouncer.ini"]) chmodSync(path.join(dir, file), 0o644);
  const runAs = process.getuid?.() === 0 ? ["-u", "postgres"] : [];
  const child = spawn(PGBOUNCER_BINARY, [...runAs, path.join(dir, "pgbouncer.ini")], { stdio: "ignore" });
  await waitForPort(port, child, logFile);
  return {
    port,
    url: (database) => `postgresql://${user}@127.0.0.1:${port}/${database}`,
    log: () => (existsSync(logFile) ? readFileSync(logFile, "utf8") : ""),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGINT");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
