// `npm run bench`: throughput and latency of the keyed API against an unauthenticated baseline
// route (/api/ping) in the same run, with each rate-limit backend. Prints a table and writes
// bench-results/bench-<time>.json.
//
// Options:
//   --duration <s>          per route and connection count (default 10), split into
//   --rounds <n>            interleaved rounds (default 5); a route's figure is its median round,
//                           its ratio to /api/ping the median of the rounds' ratios
//   --connections 1,50      concurrent connections, in total over all instances
//   --backends memory,upstash
//   --instances 1,2         2 → two servers on the same Postgres and Redis, the load split evenly
//                           between them (Upstash only: in-process limits are per instance)
//   --routes a,b,…          the routes driven (default /api/ping,/api/v1/me,/api/v1/calls?limit=20;
//                           /api/ping and /api/v1/me always): without the database-bound /calls
//                           the server's heap and pool carry nothing of it into the others' rounds
//   --server-per-route      each route on a server process of its own (rounds still interleave):
//                           tells a route's own cost from what routes sharing a process do to it
//   --profile               instead of the table: one server per backend and route (--routes) under
//                           `node --cpu-prof`, load at the largest connection count, then the
//                           top self-time areas and functions (bench-results/profiles/)
//
// With the Upstash backend it also reports the Redis commands per keyed request (Upstash bills per
// command), counted at the bridge over every round, the buffer's drains included.
//
// Needs Postgres (DATABASE_URL, default the local test database; schema "bench" is recreated)
// and, for Upstash, Redis: the REST bridge (scripts/upstash-bridge.ts) runs as a process of its
// own, as Upstash is a service of its own; it still shares this machine's CPU with the servers
// and with autocannon, so absolute figures are lower than on separate machines.
import { parseArgs } from "node:util";
import pg from "pg";
import { profileRun } from "./bench/profile";
import { watchLoadAverage, writeResults } from "./bench/results";
import { type Backend, load, type Servers, startServers } from "./bench/servers";
import { medianRound, type PairedRatios, type RouteResult, roundRatios } from "./lib/bench-rounds";
import { migratedSchema, runBench } from "./lib/bench-schema";
import { buildIfStale } from "./lib/server.mjs";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "1,50" },
    backends: { type: "string", default: "memory,upstash" },
    instances: { type: "string", default: "1" },
    rounds: { type: "string", default: "5" },
    profile: { type: "boolean", default: false },
    "server-per-route": { type: "boolean", default: false },
    routes: { type: "string", default: "/api/ping,/api/v1/me,/api/v1/calls?limit=20" },
  },
});
const DURATION = Number(values.duration);
const ROUNDS = Math.max(1, Number(values.rounds));
const CONNECTIONS = values.connections.split(",").map(Number);
const BACKENDS = values.backends.split(",") as Backend[];
const INSTANCES = values.instances.split(",").map(Number);
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const SCHEMA = "bench";
const ROUTES = [...new Set(["/api/ping", "/api/v1/me", ...values.routes.split(",").map((route) => route.trim())])];
/** Per route, before anything is measured: Next compiles its route code on first use and V8 its hot paths. */
const WARMUP_SECONDS = 5;

async function prepareDatabase(): Promise<string> {
  await migratedSchema(BASE_DATABASE_URL, SCHEMA);
  const { database, closeDatabase } = await import("../lib/db/client");
  const { seedDemoData } = await import("./demo-data");
  const { createApiKey } = await import("../lib/api-keys/commands/create");
  const db = database();
  await seedDemoData(db.client);
  const acme = await db.client.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const owner = await db.client.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const { key } = await createApiKey({ organizationId: acme.id, userId: owner.id, name: "Benchmark" });
  await closeDatabase();
  return key;
}

/** Rows written so far: Last Used UPDATEs on ApiKey, and inserts + updates of ApiKeyUsage. */
async function tableWrites(): Promise<{ apiKeyUpdates: number; usageWrites: number }> {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  // Statistics reach pg_stat_* asynchronously: give the server's last transactions a moment.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  const { rows } = await client.query<{ relname: string; upd: string; ins: string }>(
    `SELECT relname, n_tup_upd AS upd, n_tup_ins AS ins FROM pg_stat_user_tables
     WHERE schemaname = $1 AND relname IN ('ApiKey', 'ApiKeyUsage')`,
    [SCHEMA],
  );
  await client.end();
  const of = (name: string) => rows.find((row) => row.relname === name);
  const usage = of("ApiKeyUsage");
  return {
    apiKeyUpdates: Number(of("ApiKey")?.upd ?? 0),
    usageWrites: Number(usage?.upd ?? 0) + Number(usage?.ins ?? 0),
  };
}

async function benchRun(backend: Backend, instances: number, key: string) {
  const label = values["server-per-route"] ? `${backend}-split` : `${backend}-x${instances}`;
  const servers = await startServers(backend, values["server-per-route"] ? ROUTES.length : instances, label);
  // --server-per-route: each route its own server process, so no route's heap, JIT state or
  // pending work shares a process with another's; the rounds still interleave in time.
  const serversOf = (route: string): Servers => {
    if (!values["server-per-route"]) return servers;
    const index = ROUTES.indexOf(route);
    return {
      ports: [servers.ports[index]],
      pids: [servers.pids[index]],
      upstashCommands: servers.upstashCommands,
      stop: servers.stop,
    };
  };
  const results: RouteResult[] = [];
  const pairedRatios: PairedRatios[] = [];
  /** Per keyed route, over every round: Upstash commands per request (the drains' included). */
  const commandsPerRequest: Record<string, number> = {};
  let writes = { apiKeyUpdates: 0, usageWrites: 0 };
  const started = Date.now();
  try {
    for (const route of ROUTES) await load(serversOf(route), route, 10, key, WARMUP_SECONDS); // warm-up
    const before = await tableWrites();
    for (const connections of CONNECTIONS) {
      // The routes take turns, ROUNDS short runs each, and each route's figure is its median
      // round: a burst of other work on the machine then lowers one round of one route, not
      // the whole of the baseline (which would inflate every ratio of the run).
      // Each round starts with the next route in turn, so no route always follows the heaviest
      // one (or always runs first on a machine still settling from the last round).
      const rounds = new Map<string, RouteResult[]>(ROUTES.map((route) => [route, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (let turn = 0; turn < ROUTES.length; turn++) {
          const route = ROUTES[(round + turn) % ROUTES.length];
          rounds.get(route)?.push(await load(serversOf(route), route, connections, key, DURATION / ROUNDS));
        }
      }
      pairedRatios.push({ connections, ...roundRatios(rounds) });
      for (const route of ROUTES.filter((each) => each.startsWith("/api/v1"))) {
        const each = rounds.get(route) ?? [];
        const commands = each.reduce((sum, round) => sum + (round.upstashCommands ?? 0), 0);
        const requests = each.reduce((sum, round) => sum + (round.requests ?? 0), 0);
        if (servers.upstashCommands && requests > 0) {
          commandsPerRequest[`${route} c=${connections}`] = Number((commands / requests).toFixed(3));
          console.log(
            `  ${label.padEnd(10)} c=${String(connections).padEnd(3)} ${route.padEnd(24)} Upstash commands per request: ${(commands / requests).toFixed(3)} (${commands} for ${requests} requests, counted at the bridge)`,
          );
        }
      }
      for (const route of ROUTES) {
        const result = medianRound(rounds.get(route) ?? []);
        results.push(result);
        console.log(
          `  ${label.padEnd(10)} c=${String(result.connections).padEnd(3)} ${route.padEnd(24)} ${String(result.requestsPerSecond).padStart(6)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  (rounds ${result.rounds?.join(", ")})${result.non2xx ? `  non-2xx ${result.non2xx}` : ""}${result.errors ? `  errors ${result.errors}` : ""}`,
        );
      }
    }
    const after = await tableWrites();
    writes = {
      apiKeyUpdates: after.apiKeyUpdates - before.apiKeyUpdates,
      usageWrites: after.usageWrites - before.usageWrites,
    };
  } finally {
    await servers.stop();
  }
  const minutes = (Date.now() - started) / 60_000;
  const ratios = [...new Set(results.map((result) => result.connections))].map((connections) => {
    const of = (route: string) =>
      results.find((result) => result.route === route && result.connections === connections)?.requestsPerSecond ?? 0;
    const baseline = of("/api/ping");
    const paired = pairedRatios.find((each) => each.connections === connections);
    return {
      connections,
      meToBaseline: paired?.me ?? 0,
      callsToBaseline: paired?.calls ?? null,
      meByRound: paired?.meByRound ?? [],
      meCpuToBaseline: paired?.meCpu ?? null,
      cpuMicrosPerRequest: paired?.cpuMicros ?? null,
      /** The older figure: each route's median round over the baseline's median round. */
      meMedianOverMedian: Number((of("/api/v1/me") / baseline).toFixed(2)),
    };
  });
  const keyedRequests = results
    .filter((result) => result.route !== "/api/ping")
    .reduce((sum, result) => sum + result.requestsPerSecond * DURATION, 0);
  return {
    label,
    backend,
    instances,
    results,
    ratios,
    upstashCommandsPerRequest: commandsPerRequest,
    lastUsedUpdates: writes.apiKeyUpdates,
    usageRowWrites: writes.usageWrites,
    keyedRequests,
    minutes: Number(minutes.toFixed(2)),
  };
}

async function main() {
  if (buildIfStale() !== 0) throw new Error("next build failed");
  const key = await prepareDatabase();
  const loadAverage = watchLoadAverage();
  if (values.profile) {
    const profiles = [];
    const options = { connections: Math.max(...CONNECTIONS), duration: DURATION, routes: ROUTES };
    for (const backend of BACKENDS) profiles.push(...(await profileRun(backend, key, options)));
    writeResults("profile", { loadAverage: loadAverage(), profiles }, "\nSummaries written to");
    return;
  }
  const runs = [];
  for (const backend of BACKENDS) {
    for (const instances of INSTANCES) {
      if (instances > 1 && backend === "memory") {
        console.log(`\n▶ memory limiter on ${instances} instances: skipped (its limits are per instance)`);
        continue;
      }
      console.log(
        `\n▶ ${backend} limiter, ${instances} instance(s): ${DURATION}s per route, connections ${CONNECTIONS.join(", ")}`,
      );
      runs.push(await benchRun(backend, instances, key));
    }
  }
  console.log("\nThroughput ratio to the unauthenticated baseline (/api/ping), median of the rounds' ratios:");
  for (const run of runs) {
    const { label } = run;
    for (const ratio of run.ratios) {
      console.log(
        `  ${label.padEnd(10)} c=${String(ratio.connections).padEnd(3)} /me ${ratio.meToBaseline.toFixed(2)}×   /calls ${ratio.callsToBaseline === null ? "not driven" : `${ratio.callsToBaseline.toFixed(2)}×`}` +
          `   (/me by round ${ratio.meByRound.map((each) => each.toFixed(2)).join(", ")}; median over median ${ratio.meMedianOverMedian.toFixed(2)}×)`,
      );
      if (ratio.cpuMicrosPerRequest) {
        console.log(
          `  ${label.padEnd(10)} c=${String(ratio.connections).padEnd(3)} server CPU per request: /api/ping ${ratio.cpuMicrosPerRequest.baseline} µs, /me ${ratio.cpuMicrosPerRequest.me} µs → /me ${ratio.meCpuToBaseline?.toFixed(2)}× the baseline's requests per CPU-second`,
        );
      }
    }
    for (const [route, perRequest] of Object.entries(run.upstashCommandsPerRequest)) {
      console.log(`  ${label.padEnd(10)} Upstash commands per keyed request, ${route}: ${perRequest}`);
    }
    console.log(
      `  ${label.padEnd(10)} Last Used UPDATEs on ApiKey: ${run.lastUsedUpdates} in ${run.minutes} min (one key; target ≤ 1 per minute); ` +
        `ApiKeyUsage rows written: ${run.usageRowWrites} for ≈ ${run.keyedRequests} keyed requests`,
    );
  }
  writeResults("bench", {
    durationSeconds: DURATION,
    routes: ROUTES,
    connections: CONNECTIONS,
    loadAverage: loadAverage(),
    runs,
  });
}

runBench(main);
