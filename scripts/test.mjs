// `npm test`: unit and integration tests (vitest), then the browser and HTTP tests (Playwright)
// against a production build. With DATABASE_URL set everything runs on that Postgres (each
// vitest file in its own schema, the server in schema "e2e"); unset, on the embedded database.
// A run on another E2E_PORT gets its own e2e database (schema "e2e_<port>", folder
// .data/e2e-db-<port>), so two runs at once do not delete each other's data.
//
// Rate limiting: the e2e server runs with UPSTASH_* pointing at the Upstash REST bridge
// (scripts/upstash-bridge.ts) over the local Redis — the production configuration, so the HTTP
// specs exercise @upstash/ratelimit end to end. The in-process limiter (no Upstash) is covered by
// the vitest suites, which run without UPSTASH_*. Both need Redis at REDIS_URL (default
// redis://127.0.0.1:6379); without it the run fails rather than skipping the Upstash path.
//
// After the run, every plaintext key the specs saw (API fixtures, keys the browser displayed)
// is searched for in the server's log and in every row of the e2e database: none may appear.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import pg from "pg";

const root = process.cwd();
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseUrl = `http://127.0.0.1:${PORT}`;
const databaseUrl = process.env.DATABASE_URL;
const FIXTURES_FILE = path.join(root, ".data", "e2e-fixtures.json");
const E2E_SCHEMA = PORT === 3100 ? "e2e" : `e2e_${PORT}`;
const E2E_DIR = path.join(root, ".data", PORT === 3100 ? "e2e-db" : `e2e-db-${PORT}`);
const only = process.argv[2]; // "unit" | "e2e" | undefined (both)
// `node scripts/test.mjs e2e e2e/api` → only the specs matching the filters.
const playwrightFilters = process.argv.slice(3);
// Small enough that a spec reaches 429 quickly, large enough for each spec's own key.
const E2E_RATE_LIMIT = { API_RATE_LIMIT_REQUESTS: "20", API_RATE_LIMIT_WINDOW_SECONDS: "10" };

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

/** The server's database: schema E2E_SCHEMA of DATABASE_URL, or a fresh embedded folder. */
async function e2eDatabaseEnv() {
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    url.searchParams.set("schema", E2E_SCHEMA);
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${E2E_SCHEMA}" CASCADE`);
    await admin.end();
    return { DATABASE_URL: url.toString() };
  }
  const dir = E2E_DIR;
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

/** The Upstash REST bridge on a free port; resolves with the UPSTASH_* values once it listens. */
async function startUpstashBridge(logFile) {
  const token = randomBytes(24).toString("base64url");
  const log = createWriteStream(logFile);
  const bridge = spawn(bin("tsx"), [path.join("scripts", "upstash-bridge.ts")], {
    env: { ...process.env, UPSTASH_BRIDGE_PORT: "0", UPSTASH_BRIDGE_TOKEN: token },
    stdio: ["ignore", "pipe", "pipe"],
  });
  bridge.stdout.pipe(log);
  bridge.stderr.pipe(log);
  const url = await new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      bridge.kill("SIGKILL");
      reject(new Error("the Upstash bridge did not start within 30 s"));
    }, 30_000);
    bridge.stdout.on("data", (chunk) => {
      output += chunk;
      const match = /^UPSTASH_REDIS_REST_URL=(\S+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    bridge.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the Upstash bridge exited with code ${code} (is Redis running? see ${logFile})`));
    });
  });
  return { bridge, env: { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } };
}

/** Every row of every table of the e2e database, as JSON text (after the server has stopped). */
async function dumpE2eDatabase(dbEnv) {
  const dump = async (query) => {
    const tables = await query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    let text = "";
    for (const { table_name: table } of tables) {
      const rows = await query(`SELECT row_to_json(t)::text AS row FROM "${table.replaceAll('"', '""')}" t`);
      text += `${rows.map((row) => row.row).join("\n")}\n`;
    }
    return text;
  };
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${E2E_SCHEMA}"`);
      return await dump(async (sql) => (await client.query(sql)).rows);
    } finally {
      await client.end();
    }
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const pglite = new PGlite(dbEnv.EMBEDDED_DATABASE_DIR);
  try {
    return await dump(async (sql) => (await pglite.query(sql)).rows);
  } finally {
    await pglite.close();
  }
}

/** Fails when any plaintext key the run handled shows up in the logs or the database. */
async function scanForPlaintextKeys({ seenKeysFile, logFiles, dbEnv }) {
  const fixtures = existsSync(FIXTURES_FILE) ? readFileSync(FIXTURES_FILE, "utf8") : "";
  const seen = existsSync(seenKeysFile) ? readFileSync(seenKeysFile, "utf8") : "";
  const keys = new Set(`${fixtures}\n${seen}`.match(/glyk_[0-9A-Za-z]{38}/g) ?? []);
  if (keys.size === 0) {
    console.error("✗ secrets scan: no plaintext keys were recorded, so nothing could be checked");
    return 1;
  }
  const haystacks = logFiles.filter(existsSync).map((file) => [path.relative(root, file), readFileSync(file, "utf8")]);
  haystacks.push(["the e2e database", await dumpE2eDatabase(dbEnv)]);
  const leaks = [];
  for (const key of keys) {
    // The secret part alone (after glyk_ and the 4 displayed characters), in any framing.
    const secret = key.slice(9, -6);
    for (const [where, text] of haystacks) if (text.includes(secret)) leaks.push(`${key.slice(0, 9)}… in ${where}`);
  }
  if (leaks.length > 0) {
    console.error(`✗ secrets scan: plaintext keys found:\n  ${leaks.join("\n  ")}`);
    return 1;
  }
  console.log(`✓ secrets scan: none of ${keys.size} plaintext keys in ${haystacks.map(([where]) => where).join(", ")}`);
  return 0;
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
  console.log(
    `\n▶ preparing the e2e database (${databaseUrl ? `Postgres schema ${E2E_SCHEMA}` : `embedded, ${path.relative(root, E2E_DIR)}`})`,
  );
  if (run(bin("tsx"), ["e2e/prepare.ts"], { ...dbEnv, ...E2E_RATE_LIMIT, NODE_ENV: "test" }) !== 0) return 1;

  const bridgeLog = path.join(root, "test-results", "upstash-bridge.log");
  console.log("\n▶ Upstash REST bridge over the local Redis (log: test-results/upstash-bridge.log)");
  const upstash = await startUpstashBridge(bridgeLog);
  const serverEnv = {
    ...dbEnv,
    ...E2E_RATE_LIMIT,
    ...upstash.env,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: baseUrl,
    SUPPORT_EMAIL: "support@glyphic.ai",
  };
  const logFile = path.join(root, "test-results", "server.log");
  const seenKeysFile = path.join(root, "test-results", "seen-keys.txt");
  writeFileSync(seenKeysFile, "");
  console.log(`\n▶ next start on ${baseUrl} (log: test-results/server.log)`);
  const server = startServer({ port: PORT, env: serverEnv, logFile });
  let status;
  try {
    await waitForServer(server, `${baseUrl}/login`);
    console.log("\n▶ playwright test");
    status = run(bin("playwright"), ["test", ...playwrightFilters], {
      E2E_BASE_URL: baseUrl,
      E2E_SERVER_LOG: logFile,
      E2E_SEEN_KEYS: seenKeysFile,
    });
  } finally {
    await stopServer(server);
    await stopServer(upstash.bridge);
  }
  console.log("\n▶ secrets scan");
  const scan = await scanForPlaintextKeys({ seenKeysFile, logFiles: [logFile, bridgeLog], dbEnv });
  return status || scan;
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
