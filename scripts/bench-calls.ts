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
import path from "node:path";
import { parseArgs } from "node:util";
import { encodeKeysetCursor } from "../lib/db/keyset-cursor";
import {
  HOURS_OF_USAGE,
  inSchema,
  ORGS,
  type Prepared,
  prepareDatabase,
  SCHEMA,
  SETTINGS_KEYS,
} from "./bench/calls-data";
import { RESULTS_DIR, watchLoadAverage, writeResults } from "./bench/results";
import { signIn } from "./bench/sign-in";
import { runBench } from "./lib/bench-schema";
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

/** The cursor the API would hand out after `depth` rows of this org's list. */
async function cursorAtDepth(slug: string, depth: number): Promise<string | undefined> {
  if (depth === 0) return undefined;
  return inSchema(async (client) => {
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
  return inSchema(async (client) => {
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

async function benchSettings(login: Prepared["settingsLogin"]) {
  const cookie = await signIn(base, login.email, login.password);
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
  console.log(`\n▶ preparing schema ${SCHEMA} (${ROWS} calls per organization)`);
  const prepared = await prepareDatabase({ rows: ROWS, reuse: values.reuse });
  const server = startServer({
    port: PORT,
    logFile: path.join(RESULTS_DIR, "server-bench-calls.log"),
    env: {
      DATABASE_URL: prepared.databaseUrl,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
      NEXTAUTH_URL: base,
      // A local http:// URL and one instance with the in-process limiter, as scripts/bench.ts runs it.
      GLYPHIC_DEMO: "1",
      // The walk is thousands of requests on one key: this measures the list, not the limiter.
      API_RATE_LIMIT_REQUESTS: "1000000",
      API_RATE_LIMIT_WINDOW_SECONDS: "60",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
    },
  });
  const loadAverage = watchLoadAverage();
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
  writeResults("bench-calls", {
    rowsPerOrganization: ROWS,
    limit: LIMIT,
    walkBudgetSeconds: WALK_BUDGET_MS / 1000,
    loadAverage: loadAverage(),
    organizations,
    settings,
  });
}

runBench(main);
