// `npm run bench:calls`: the calls list at depth, as a data-warehouse export walks it, and the
// Settings → API page of an organization with many keys. Prints a table and writes
// bench-results/bench-calls-<time>.json.
//
// Options:
//   --rows <n>            calls per organization (default 1000000)
//   --limit <n>           page size of the walk (default 100)
//   --walk-budget <s>     stop each full walk after this many seconds (default 600); a walk
//                         cut short reports how far it got
//   --samples <n>         requests per sampled depth, median reported (default 5)
//   --port <n>            port of the server (default 3600)
//   --reuse               keep the generated data when the schema already has it (pending
//                         migrations are still applied)
//
// Needs Postgres (DATABASE_URL, default the local test database). Schema "bench_calls" is
// (re)created with two organizations of --rows calls each, generated in SQL: "bench-public"
// (all public) and "bench-private" (90% private), plus "bench-settings" with 50 keys and a year
// of hourly usage rows per key.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { encodeKeysetCursor } from "../lib/db/keyset-cursor";
import { buildIfStale, startServer, stopServer, waitForServer } from "./lib/server.mjs";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    limit: { type: "string", default: "100" },
    "walk-budget": { type: "string", default: "600" },
    samples: { type: "string", default: "5" },
    port: { type: "string", default: "3600" },
    reuse: { type: "boolean", default: false },
  },
});
const ROWS = Number(values.rows);
const LIMIT = Number(values.limit);
const WALK_BUDGET_MS = Number(values["walk-budget"]) * 1000;
const SAMPLES = Math.max(1, Number(values.samples));
const PORT = Number(values.port);
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const SCHEMA = "bench_calls";
const RESULTS_DIR = "bench-results";
const PASSWORD = "bench-calls-password";
const SETTINGS_KEYS = 50;
const HOURS_OF_USAGE = 365 * 24;

const ORGS = [
  { slug: "bench-public", privateEvery: 0 },
  { slug: "bench-private", privateEvery: 10 },
] as const;

function schemaUrl(): string {
  const url = new URL(BASE_DATABASE_URL);
  url.searchParams.set("schema", SCHEMA);
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path = "${SCHEMA}"`);
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasData(): Promise<boolean> {
  return admin(async (client) => {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'Call'`,
      [SCHEMA],
    );
    if (rows[0].count === "0") return false;
    const calls = await client.query<{ count: string }>(`SELECT count(*) FROM "Call"`);
    return Number(calls.rows[0].count) === ROWS * ORGS.length;
  });
}

/**
 * One org's calls in one INSERT … generate_series: 30 s apart, every 7th pair sharing a
 * timestamp so the id tie-break is exercised; in the private org 9 of every 10 calls private.
 */
async function generateCalls(client: pg.Client, organizationId: string, prefix: string, privateEvery: number) {
  await client.query(
    `INSERT INTO "Call" ("id", "organizationId", "title", "startedAt", "durationSeconds", "participants", "summary", "isPrivate")
     SELECT $2 || md5(g::text), $1, 'Bench call ' || g,
       timestamp '2026-11-01 00:00:00' - ((g - (CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END)) * interval '30 seconds'),
       600 + g % 3000, ARRAY['Ada Analyst', 'Guest ' || g], 'Summary of bench call ' || g || '.',
       CASE WHEN $3::int > 0 THEN g % $3::int <> 0 ELSE false END
     FROM generate_series(1, $4::int) AS g`,
    [organizationId, prefix, privateEvery, ROWS],
  );
}

interface Prepared {
  keys: Record<string, string>;
  settingsLogin: { email: string; password: string };
}

async function prepareDatabase(): Promise<Prepared> {
  const reuse = values.reuse && (await hasData());
  if (!reuse) {
    const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await client.end();
  }
  process.env.DATABASE_URL = schemaUrl();
  const { database, closeDatabase } = await import("../lib/db/client");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { createApiKey } = await import("../lib/api-keys/commands/create");
  const { hashPassword } = await import("../lib/auth/password");
  const { EXTENDED_KEY_LIMIT_FLAG } = await import("../lib/api-keys/limits");
  const db = database();
  let started = Date.now();
  const applied = await db.withSession((session) => applyMigrations(session));
  if (applied.length > 0) console.log(`  migrations applied: ${applied.join(", ")} (${Date.now() - started} ms)`);
  const passwordHash = await hashPassword(PASSWORD);

  async function orgWithAdmin(slug: string, features: string[] = []) {
    const organization = await db.client.organization.upsert({
      where: { slug },
      create: { slug, name: slug, features },
      update: {},
    });
    const email = `admin@${slug}.test`;
    const user = await db.client.user.upsert({
      where: { email },
      create: { email, name: `${slug} admin`, passwordHash },
      update: { passwordHash },
    });
    await db.client.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
      create: { userId: user.id, organizationId: organization.id, role: "ADMIN" },
      update: {},
    });
    return { organization, user, email };
  }

  const keys: Record<string, string> = {};
  for (const org of ORGS) {
    const { organization, user } = await orgWithAdmin(org.slug);
    if (!reuse) {
      started = Date.now();
      await admin((client) => generateCalls(client, organization.id, org.slug.slice(6, 9), org.privateEvery));
      console.log(`  ${org.slug}: ${ROWS} calls generated in ${Date.now() - started} ms`);
    }
    // Revoke last run's key first: the organization's active-key limit is 5.
    await db.client.apiKey.updateMany({
      where: { organizationId: organization.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    keys[org.slug] = (await createApiKey({ organizationId: organization.id, userId: user.id, name: "Bench" })).key;
  }

  const settings = await orgWithAdmin("bench-settings", [EXTENDED_KEY_LIMIT_FLAG]);
  if (!reuse) {
    started = Date.now();
    for (let index = 0; index < SETTINGS_KEYS; index++) {
      await createApiKey({
        organizationId: settings.organization.id,
        userId: settings.user.id,
        name: `Settings bench key ${index + 1}`,
      });
    }
    await admin((client) =>
      client.query(
        `INSERT INTO "ApiKeyUsage" ("apiKeyId", "bucket", "requests", "rateLimited")
         SELECT k."id", date_trunc('hour', now() AT TIME ZONE 'UTC') - h * interval '1 hour', 1 + (h % 50), h % 3
         FROM "ApiKey" k, generate_series(0, $2::int - 1) AS h
         WHERE k."organizationId" = $1`,
        [settings.organization.id, HOURS_OF_USAGE],
      ),
    );
    console.log(
      `  bench-settings: ${SETTINGS_KEYS} keys, ${SETTINGS_KEYS * HOURS_OF_USAGE} usage rows in ${Date.now() - started} ms`,
    );
    started = Date.now();
    await admin((client) => client.query(`VACUUM ANALYZE`));
    console.log(`  VACUUM ANALYZE in ${Date.now() - started} ms`);
  }
  await closeDatabase();
  return { keys, settingsLogin: { email: settings.email, password: PASSWORD } };
}

/** The cursor the API would hand out after `depth` rows of this org's list. */
async function cursorAtDepth(slug: string, depth: number): Promise<string | undefined> {
  if (depth === 0) return undefined;
  return admin(async (client) => {
    const { rows } = await client.query<{ id: string; ms: string }>(
      `SELECT c."id", (EXTRACT(EPOCH FROM c."startedAt") * 1000)::bigint AS ms
       FROM "Call" c JOIN "Organization" o ON o."id" = c."organizationId"
       WHERE o."slug" = $1 AND NOT c."isPrivate"
       ORDER BY c."startedAt" DESC, c."id" DESC OFFSET $2 LIMIT 1`,
      [slug, depth - 1],
    );
    if (!rows[0]) return undefined;
    return encodeKeysetCursor({ id: rows[0].id, at: new Date(Number(rows[0].ms)) });
  });
}

async function publicCount(slug: string): Promise<number> {
  return admin(async (client) => {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM "Call" c JOIN "Organization" o ON o."id" = c."organizationId"
       WHERE o."slug" = $1 AND NOT c."isPrivate"`,
      [slug],
    );
    return Number(rows[0].count);
  });
}

const base = `http://127.0.0.1:${PORT}`;

async function getPage(key: string, cursor?: string) {
  const url = `${base}/api/v1/calls?limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ""}`;
  const started = performance.now();
  const response = await fetch(url, { headers: { "x-api-key": key } });
  const body = (await response.json()) as { data: unknown[]; nextCursor: string | null };
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}: ${JSON.stringify(body)}`);
  return { ms, rows: body.data.length, nextCursor: body.nextCursor };
}

const round = (ms: number) => Number(ms.toFixed(1));
const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

async function sampled(key: string, cursor?: string): Promise<number> {
  const times = [];
  for (let index = 0; index < SAMPLES; index++) times.push((await getPage(key, cursor)).ms);
  return round(median(times));
}

async function benchOrg(slug: string, key: string) {
  const total = await publicCount(slug);
  const lastDepth = Math.max(0, Math.floor((total - 1) / LIMIT) * LIMIT);
  const depths = [0, 10_000, 100_000, lastDepth].filter(
    (depth, index, all) => depth <= lastDepth && all.indexOf(depth) === index,
  );
  for (let index = 0; index < 20; index++) await getPage(key); // warm-up
  const pages: Record<string, number> = {};
  for (const depth of depths) {
    pages[depth === lastDepth ? `last (${depth})` : String(depth)] = await sampled(
      key,
      await cursorAtDepth(slug, depth),
    );
  }
  // The full walk, as the export does it: follow nextCursor until null (or the budget ends).
  const started = performance.now();
  let cursor: string | undefined;
  let walked = 0;
  let rows = 0;
  let complete = false;
  const times: number[] = [];
  while (performance.now() - started < WALK_BUDGET_MS) {
    const page = await getPage(key, cursor);
    times.push(page.ms);
    walked++;
    rows += page.rows;
    if (!page.nextCursor) {
      complete = true;
      break;
    }
    cursor = page.nextCursor;
  }
  const totalMs = performance.now() - started;
  const mean = times.reduce((sum, ms) => sum + ms, 0) / times.length;
  const firstPage = pages["0"];
  const result = {
    organization: slug,
    publicCalls: total,
    pageMs: pages,
    walk: {
      complete,
      pages: walked,
      rows,
      totalSeconds: Number((totalMs / 1000).toFixed(1)),
      meanPageMs: round(mean),
      lastPageMs: round(times.at(-1) ?? 0),
      meanToFirstPage: Number((mean / firstPage).toFixed(2)),
    },
  };
  console.log(
    `  ${slug.padEnd(14)} ${total} public calls; page ms at depth ${Object.entries(pages)
      .map(([depth, ms]) => `${depth}: ${ms}`)
      .join(", ")}`,
  );
  console.log(
    `  ${"".padEnd(14)} walk ${complete ? "complete" : "CUT SHORT by --walk-budget"}: ${walked} pages, ${rows} rows in ` +
      `${result.walk.totalSeconds} s, mean page ${result.walk.meanPageMs} ms (${result.walk.meanToFirstPage}× the first page)`,
  );
  return result;
}

/** next-auth credentials sign-in over HTTP; returns the Cookie header of the session. */
async function signIn(email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  keep(csrf);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: header() },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  keep(response);
  if (![...jar.keys()].some((name) => name.includes("session-token"))) throw new Error("bench sign-in failed");
  return header();
}

async function benchSettings(login: Prepared["settingsLogin"]) {
  const cookie = await signIn(login.email, login.password);
  const load = async () => {
    const started = performance.now();
    const response = await fetch(`${base}/settings/api`, { headers: { cookie }, redirect: "manual" });
    const html = await response.text();
    if (response.status !== 200 || !html.includes("Settings bench key 50")) {
      throw new Error(`/settings/api answered ${response.status}`);
    }
    return performance.now() - started;
  };
  for (let index = 0; index < 5; index++) await load(); // warm-up
  const times = [];
  for (let index = 0; index < 20; index++) times.push(await load());
  const result = { keys: SETTINGS_KEYS, usageRows: SETTINGS_KEYS * HOURS_OF_USAGE, medianMs: round(median(times)) };
  console.log(
    `  Settings → API, ${SETTINGS_KEYS} keys, a year of hourly usage: median page load ${result.medianMs} ms (20 loads)`,
  );
  return result;
}

async function main() {
  if (buildIfStale() !== 0) throw new Error("next build failed");
  mkdirSync(RESULTS_DIR, { recursive: true });
  console.log(`\n▶ preparing schema ${SCHEMA} (${ROWS} calls per organization)`);
  const prepared = await prepareDatabase();
  const server = startServer({
    port: PORT,
    logFile: path.join(RESULTS_DIR, "server-bench-calls.log"),
    env: {
      DATABASE_URL: schemaUrl(),
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
      NEXTAUTH_URL: base,
      // The walk is thousands of requests on one key: this measures the list, not the limiter.
      API_RATE_LIMIT_REQUESTS: "1000000",
      API_RATE_LIMIT_WINDOW_SECONDS: "60",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
    },
  });
  const load1 = os.loadavg()[0];
  const organizations = [];
  let settings: Awaited<ReturnType<typeof benchSettings>>;
  try {
    await waitForServer(server, `${base}/api/ping`);
    console.log(`\n▶ GET /api/v1/calls?limit=${LIMIT} (median of ${SAMPLES} per sampled depth)`);
    for (const org of ORGS) organizations.push(await benchOrg(org.slug, prepared.keys[org.slug]));
    console.log("\n▶ Settings → API");
    settings = await benchSettings(prepared.settingsLogin);
  } finally {
    await stopServer(server);
  }
  const load2 = os.loadavg()[0];
  console.log(
    `\nLoad average (1 min) at start ${load1.toFixed(2)}, at end ${load2.toFixed(2)} (${os.cpus().length} CPUs)`,
  );
  const stamp = new Date().toISOString().replaceAll(":", "-");
  const file = path.join(RESULTS_DIR, `bench-calls-${stamp}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        rowsPerOrganization: ROWS,
        limit: LIMIT,
        walkBudgetSeconds: WALK_BUDGET_MS / 1000,
        loadAverage: { start: load1, end: load2, cpus: os.cpus().length },
        organizations,
        settings,
      },
      null,
      2,
    ),
  );
  console.log(`Figures written to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
