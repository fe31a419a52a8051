// `npm run bench`: throughput and latency of the keyed API against an unauthenticated baseline
// route on the same production server, with each rate-limit backend. Prints a table and writes
// bench-results/bench-<time>.json. Options: --duration <s> (default 10), --connections 1,50,
// --backends memory,upstash.
//
// Needs Postgres (DATABASE_URL, default the local test database; schema "bench" is recreated).
// The Upstash backend runs through scripts/upstash-bridge.ts over the local Redis, in this
// process: the bridge shares the machine's CPU with the server, as PLATFORM.md notes.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { buildIfStale, startServer, stopServer, waitForServer } from "./lib/server.mjs";
import { startUpstashBridge } from "./upstash-bridge";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "1,50" },
    backends: { type: "string", default: "memory,upstash" },
  },
});
const DURATION = Number(values.duration);
const CONNECTIONS = values.connections.split(",").map(Number);
const BACKENDS = values.backends.split(",") as ("memory" | "upstash")[];
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const SCHEMA = "bench";
const PORT = 3500;
const baseUrl = `http://127.0.0.1:${PORT}`;

interface RouteResult {
  route: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

async function prepareDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
  await admin.end();
  const url = new URL(BASE_DATABASE_URL);
  url.searchParams.set("schema", SCHEMA);
  process.env.DATABASE_URL = url.toString();
  const { database, closeDatabase } = await import("../lib/db/client");
  const { applyMigrations } = await import("../lib/db/migrate");
  const { seedDemoData } = await import("../lib/db/seed");
  const { createApiKey } = await import("../lib/api-keys/service");
  const db = database();
  await db.withSession((session) => applyMigrations(session));
  await seedDemoData(db.client);
  const acme = await db.client.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const owner = await db.client.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const { key } = await createApiKey({ organizationId: acme.id, userId: owner.id, name: "Benchmark" });
  await closeDatabase();
  return key;
}

async function apiKeyUpdates(): Promise<number> {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  // Statistics reach pg_stat_* asynchronously: give the server's last transactions a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const { rows } = await client.query<{ n: string }>(
    `SELECT n_tup_upd AS n FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = 'ApiKey'`,
    [SCHEMA],
  );
  await client.end();
  return Number(rows[0]?.n ?? 0);
}

async function load(route: string, connections: number, key: string, duration: number): Promise<RouteResult> {
  const result = await autocannon({
    url: `${baseUrl}${route}`,
    connections,
    duration,
    headers: route.startsWith("/api/v1") ? { "x-api-key": key } : {},
  });
  return {
    route,
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function benchBackend(backend: "memory" | "upstash", key: string) {
  const bridge = backend === "upstash" ? await startUpstashBridge({ token: "bench-token" }) : null;
  const env: Record<string, string> = {
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
    NEXTAUTH_URL: baseUrl,
    // High enough that the load never hits 429: this measures the cost of the check itself.
    API_RATE_LIMIT_REQUESTS: "100000000",
    API_RATE_LIMIT_WINDOW_SECONDS: "60",
    UPSTASH_REDIS_REST_URL: bridge?.url ?? "",
    UPSTASH_REDIS_REST_TOKEN: bridge?.token ?? "",
  };
  mkdirSync("bench-results", { recursive: true });
  const server = startServer({ port: PORT, env, logFile: path.join("bench-results", `server-${backend}.log`) });
  const results: RouteResult[] = [];
  let updates = 0;
  const started = Date.now();
  try {
    await waitForServer(server, `${baseUrl}/api/ping`);
    for (const route of ["/api/ping", "/api/v1/me", "/api/v1/calls?limit=20"]) await load(route, 10, key, 2); // warm-up
    const before = await apiKeyUpdates();
    for (const connections of CONNECTIONS) {
      for (const route of ["/api/ping", "/api/v1/me", "/api/v1/calls?limit=20"]) {
        const result = await load(route, connections, key, DURATION);
        results.push(result);
        console.log(
          `  ${backend.padEnd(7)} c=${String(connections).padEnd(3)} ${route.padEnd(24)} ${String(result.requestsPerSecond).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms${result.non2xx ? `  non-2xx ${result.non2xx}` : ""}${result.errors ? `  errors ${result.errors}` : ""}`,
        );
      }
    }
    updates = (await apiKeyUpdates()) - before;
  } finally {
    await stopServer(server);
    await bridge?.close();
  }
  const minutes = (Date.now() - started) / 60_000;
  const ratios = CONNECTIONS.map((connections) => {
    const of = (route: string) =>
      results.find((result) => result.route === route && result.connections === connections)?.requestsPerSecond ?? 0;
    const baseline = of("/api/ping");
    return {
      connections,
      meToBaseline: Number((of("/api/v1/me") / baseline).toFixed(2)),
      callsToBaseline: Number((of("/api/v1/calls?limit=20") / baseline).toFixed(2)),
    };
  });
  return { backend, results, ratios, lastUsedUpdates: updates, minutes: Number(minutes.toFixed(2)) };
}

async function main() {
  if (buildIfStale() !== 0) throw new Error("next build failed");
  const key = await prepareDatabase();
  const runs = [];
  for (const backend of BACKENDS) {
    console.log(`\n▶ ${backend} limiter: ${DURATION}s per route, connections ${CONNECTIONS.join(", ")}`);
    runs.push(await benchBackend(backend, key));
  }
  console.log("\nThroughput ratio to the unauthenticated baseline (/api/ping), same run:");
  for (const run of runs) {
    for (const ratio of run.ratios) {
      console.log(
        `  ${run.backend.padEnd(7)} c=${String(ratio.connections).padEnd(3)} /me ${ratio.meToBaseline.toFixed(2)}×   /calls ${ratio.callsToBaseline.toFixed(2)}×`,
      );
    }
    console.log(
      `  ${run.backend.padEnd(7)} Last Used UPDATEs on ApiKey: ${run.lastUsedUpdates} in ${run.minutes} min (one key; target ≤ 1 per minute)`,
    );
  }
  const file = path.join("bench-results", `bench-${new Date().toISOString().replaceAll(":", "-")}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { date: new Date().toISOString(), durationSeconds: DURATION, connections: CONNECTIONS, runs },
      null,
      2,
    ),
  );
  console.log(`\nFigures written to ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
