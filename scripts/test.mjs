// `npm test`: unit and integration tests (vitest), then the browser and HTTP tests (Playwright)
// against a production build. With DATABASE_URL set everything runs on that Postgres (each
// vitest file in its own schema, the server in schema "e2e"); unset, on the embedded database.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";

const root = process.cwd();
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseUrl = `http://127.0.0.1:${PORT}`;
const databaseUrl = process.env.DATABASE_URL;
const only = process.argv[2]; // "unit" | "e2e" | undefined (both)

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function buildIfStale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "proxy.ts", "instrumentation.ts", "next.config.mjs", "package.json"];
  const sourceTime = Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sourceTime) {
    console.log("\n▶ production build is up to date");
    return 0;
  }
  console.log("\n▶ next build");
  return run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
}

/** The server's database: schema "e2e" of DATABASE_URL, or a fresh embedded folder. */
async function e2eDatabaseEnv() {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    url.searchParams.set("schema", "e2e");
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query('DROP SCHEMA IF EXISTS "e2e" CASCADE');
    await admin.end();
    return { DATABASE_URL: url.toString() };
  }
  const dir = path.join(root, ".data", "e2e-db");
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${dir}.lock`, { force: true });
  return { DATABASE_URL: "", EMBEDDED_DATABASE_DIR: dir, GLYPHIC_DEMO: "1" };
}

async function waitForServer(server, url, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with code ${server.exitCode}`);
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`server did not answer ${url} within ${timeoutMs / 1000}s`);
}

export function startServer({ port, env, logFile }) {
  const log = createWriteStream(logFile);
  const server = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, ...env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  return server;
}

async function stopServer(server) {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function e2e() {
  if (buildIfStale() !== 0) return 1;
  mkdirSync(path.join(root, "test-results", "screenshots"), { recursive: true });
  const dbEnv = await e2eDatabaseEnv();
  console.log(`\n▶ preparing the e2e database (${databaseUrl ? "Postgres schema e2e" : "embedded"})`);
  if (run(bin("tsx"), ["e2e/prepare.ts"], { ...dbEnv, NODE_ENV: "test" }) !== 0) return 1;

  const serverEnv = {
    ...dbEnv,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: baseUrl,
    SUPPORT_EMAIL: "support@glyphic.ai",
  };
  const logFile = path.join(root, "test-results", "server.log");
  console.log(`\n▶ next start on ${baseUrl} (log: test-results/server.log)`);
  const server = startServer({ port: PORT, env: serverEnv, logFile });
  try {
    await waitForServer(server, `${baseUrl}/login`);
    console.log("\n▶ playwright test");
    return run(bin("playwright"), ["test"], { E2E_BASE_URL: baseUrl, E2E_SERVER_LOG: logFile });
  } finally {
    await stopServer(server);
  }
}

async function main() {
  console.log(`Database: ${databaseUrl ? "Postgres (DATABASE_URL)" : "embedded (PGlite)"}`);
  if (only !== "e2e") {
    console.log("\n▶ vitest run");
    if (run(bin("vitest"), ["run"]) !== 0) return 1;
  }
  if (only !== "unit") return e2e();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
