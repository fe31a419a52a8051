// Shared by the test orchestrator, the system tests and the benchmarks: build when stale, start and
// stop the production server. The server is the standalone build (`node .next/standalone/server.js`,
// what the Docker image runs), not `next start`, so the tests exercise what ships.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
export const bin = (name) => path.join(root, "node_modules", ".bin", name);

export function run(command, args, env = {}) {
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

/** Runs `next build` unless .next/BUILD_ID is newer than every source file. Returns the exit code. */
export function buildIfStale() {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = [
    "app",
    "components",
    "lib",
    "proxy.ts",
    "instrumentation.ts",
    "instrumentation-node.ts",
    "scripts/demo-data.ts",
    "scripts/job.ts",
    "scripts/db-migrate.ts",
    "scripts/flags.ts",
    "scripts/build.mjs",
    "next.config.mjs",
    "package.json",
  ];
  const sourceTime = Math.max(...sources.map((source) => newestMtime(path.join(root, source))));
  if (existsSync(buildId) && statSync(buildId).mtimeMs > sourceTime) {
    console.log("\n▶ production build is up to date");
    return 0;
  }
  console.log("\n▶ next build (standalone) and cli/ (scripts/build.mjs)");
  return run(process.execPath, [path.join(root, "scripts", "build.mjs")], { NEXT_TELEMETRY_DISABLED: "1" });
}

export const STANDALONE_SERVER = path.join(root, ".next", "standalone", "server.js");

/** `nodeArgs` (e.g. --cpu-prof, which NODE_OPTIONS refuses) are given to node before server.js. */
export function startServer({ port, env, logFile, nodeArgs = [] }) {
  // The server writes straight into the file, as it would to a journal: a pipe through this
  // process would make a benchmark's load generator also carry the server's log lines.
  const log = openSync(logFile, "w");
  const server = spawn(process.execPath, [...nodeArgs, STANDALONE_SERVER], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
    },
    stdio: ["ignore", log, log],
  });
  closeSync(log); // the child holds its own copy
  return server;
}

export async function waitForServer(server, url, timeoutMs = 90_000) {
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

export async function stopServer(server) {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
