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
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { findMissingPrerequisites } from "./lib/prerequisites.mjs";
import { bin, buildIfStale, run, startServer, stopServer, waitForServer } from "./lib/server.mjs";
import { startUpstashBridgeProcess } from "./lib/upstash-process.mjs";

const root = process.cwd();
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseUrl = `http://127.0.0.1:${PORT}`;
const databaseUrl = process.env.DATABASE_URL;
// The same name e2e/fixtures/file.ts gives the file for this port.
const FIXTURES_FILE = path.join(root, ".data", PORT === 3100 ? "e2e-fixtures.json" : `e2e-fixtures-${PORT}.json`);
const E2E_SCHEMA = PORT === 3100 ? "e2e" : `e2e_${PORT}`;
const E2E_DIR = path.join(root, ".data", PORT === 3100 ? "e2e-db" : `e2e-db-${PORT}`);
const only = process.argv[2]; // "unit" | "system" | "e2e" | undefined (all)
// `node scripts/test.mjs e2e e2e/api` → only the specs matching the filters.
const playwrightFilters = process.argv.slice(3);
// The leaked-keys spec (e2e/leaks.spec.ts) serves the secret-scanning public keys and runs an
// SMTP server on the two ports after the server's (it derives them the same way); the server is
// pointed at them.
const LEAKS_KEYS_PORT = PORT + 1;
const LEAKS_SMTP_PORT = PORT + 2;
// Small enough that a spec reaches 429 quickly, large enough for each spec's own key.
const E2E_RATE_LIMIT = { API_RATE_LIMIT_REQUESTS: "20", API_RATE_LIMIT_WINDOW_SECONDS: "10" };

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
  // Webhook signing secrets the browser showed (e2e/webhooks.spec.ts): the part after the hint
  // the endpoint's page shows (whsec_ and 4 characters) must appear nowhere either.
  const signingSecrets = new Set(seen.match(/whsec_[A-Za-z0-9+/]{32}/g) ?? []);
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
  for (const signingSecret of signingSecrets) {
    const secret = signingSecret.slice(10);
    for (const [where, text] of haystacks) {
      if (text.includes(secret)) leaks.push(`${signingSecret.slice(0, 10)}… in ${where}`);
    }
  }
  if (leaks.length > 0) {
    console.error(`✗ secrets scan: plaintext keys found:\n  ${leaks.join("\n  ")}`);
    return 1;
  }
  const also = signingSecrets.size > 0 ? ` or ${signingSecrets.size} webhook signing secrets` : "";
  console.log(
    `✓ secrets scan: none of ${keys.size} plaintext keys${also} in ${haystacks.map(([where]) => where).join(", ")}`,
  );
  return 0;
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
  const upstash = await startUpstashBridgeProcess(bridgeLog);
  const cronSecret = randomBytes(24).toString("hex");
  const serverEnv = {
    ...dbEnv,
    ...E2E_RATE_LIMIT,
    ...upstash.env,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: baseUrl,
    GLYPHIC_DEMO: "1", // a local http:// test deployment
    SUPPORT_EMAIL: "support@glyphic.ai",
    SECRET_SCANNING_KEYS_URL: `http://127.0.0.1:${LEAKS_KEYS_PORT}/meta/public_keys/secret_scanning`,
    SMTP_URL: `smtp://127.0.0.1:${LEAKS_SMTP_PORT}`,
    // The cron route is on, so e2e/hostile-inputs.spec.ts reaches past its secret check.
    CRON_SECRET: cronSecret,
  };
  const logFile = path.join(root, "test-results", "server.log");
  const seenKeysFile = path.join(root, "test-results", "seen-keys.txt");
  writeFileSync(seenKeysFile, "");
  console.log(`\n▶ standalone server (node .next/standalone/server.js) on ${baseUrl} (log: test-results/server.log)`);
  const server = startServer({ port: PORT, env: serverEnv, logFile });
  let status;
  try {
    await waitForServer(server, `${baseUrl}/login`);
    console.log("\n▶ playwright test");
    status = run(bin("playwright"), ["test", ...playwrightFilters], {
      E2E_BASE_URL: baseUrl,
      E2E_SERVER_LOG: logFile,
      E2E_SEEN_KEYS: seenKeysFile,
      E2E_CRON_SECRET: cronSecret,
    });
  } finally {
    await stopServer(server);
    await stopServer(upstash.bridge);
  }
  console.log("\n▶ secrets scan");
  const scan = await scanForPlaintextKeys({ seenKeysFile, logFiles: [logFile, bridgeLog], dbEnv });
  return status || scan;
}

/**
 * Tests that start production servers of their own (tests/system): faults, scale-out. They need
 * Postgres — two instances cannot share an embedded database, and only a real server can be
 * made unreachable — so they run when DATABASE_URL is set (CI's Postgres run).
 */
function system() {
  if (!databaseUrl) {
    console.log("\n▶ system tests need Postgres (DATABASE_URL): not run on the embedded database");
    return 0;
  }
  if (buildIfStale() !== 0) return 1;
  console.log("\n▶ vitest run (system: production servers of their own)");
  return run(bin("vitest"), ["run", "--config", "vitest.system.config.mts"]);
}

async function main() {
  console.log(`Database: ${databaseUrl ? "Postgres (DATABASE_URL)" : "embedded (PGlite)"}`);
  if (only && !["unit", "system", "e2e"].includes(only)) {
    console.error(`Unknown phase "${only}": use unit, system or e2e (or nothing for all three).`);
    return 2;
  }
  const missing = await findMissingPrerequisites({ phases: only ? [only] : ["unit", "system", "e2e"] });
  if (missing.length > 0) {
    console.error(`\nnpm test cannot start:\n${missing.join("\n")}`);
    return 1;
  }
  // Each phase's wall time, printed at the end (README, "Quick start", quotes them).
  const timings = [];
  const timed = async (phase, work) => {
    const started = Date.now();
    const status = await work();
    timings.push(`${phase} ${Math.round((Date.now() - started) / 1000)} s`);
    console.log(`\n▶ ${phase} took ${Math.round((Date.now() - started) / 1000)} s`);
    return status;
  };
  try {
    if (!only || only === "unit") {
      console.log("\n▶ vitest run");
      if ((await timed("unit", () => run(bin("vitest"), ["run"]))) !== 0) return 1;
    }
    if ((!only || only === "system") && (await timed("system", system)) !== 0) return 1;
    if (!only || only === "e2e") return await timed("e2e (build, browser and HTTP tests)", e2e);
    return 0;
  } finally {
    console.log(`\n▶ phases: ${timings.join(", ")}`);
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
