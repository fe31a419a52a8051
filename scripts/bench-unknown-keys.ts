// `npm run bench:unknown-keys`: the memory a flood of unknown keys costs a server. Starts
// `next start` with the in-process limiter (no Upstash) on Postgres (schema "bench_unknown"),
// sends N requests, each with a distinct well-formed key that does not exist, from one client
// address, and prints the server's resident memory before and after, with the answers it gave.
//
//   --keys 1000000    distinct keys to send (default 1,000,000)
//   --connections 20  concurrent connections
//   --port 3520
//   --in-process      call the /api/v1/me route handler in this process instead (no HTTP, so a
//                     million keys take a minute, not an hour on a shared machine) and print the
//                     heap after a full GC: run as `node --expose-gc --import tsx scripts/bench-unknown-keys.ts --in-process`
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { generateApiKey } from "../lib/api-keys/format";
import { migratedSchema, runBench } from "./lib/bench-schema";
import { buildIfStale, startServer, stopServer, waitForServer } from "./lib/server.mjs";

const { values } = parseArgs({
  options: {
    keys: { type: "string", default: "1000000" },
    connections: { type: "string", default: "20" },
    port: { type: "string", default: "3520" },
    "in-process": { type: "boolean", default: false },
  },
});
const KEYS = Number(values.keys);
const PORT = Number(values.port);
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const SCHEMA = "bench_unknown";

/** Resident memory of the process and its children (next start may fork its server), in MiB. */
function residentMiB(pid: number): number {
  const status = (id: number) => {
    try {
      return readFileSync(`/proc/${id}/status`, "utf8");
    } catch {
      return "";
    }
  };
  const children = (id: number): number[] => {
    try {
      return readFileSync(`/proc/${id}/task/${id}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]));
  const kib = all.reduce((sum, id) => sum + Number(/VmRSS:\s+(\d+)/.exec(status(id))?.[1] ?? 0), 0);
  return Math.round(kib / 1024);
}

async function prepareSchema(): Promise<string> {
  const url = await migratedSchema(BASE_DATABASE_URL, SCHEMA);
  const { closeDatabase } = await import("../lib/db/client");
  await closeDatabase();
  return url;
}

async function flood(count: number, connections: number) {
  const statuses: Record<string, number> = {};
  const started = Date.now();
  const result = await autocannon({
    url: `http://127.0.0.1:${PORT}/api/v1/me`,
    connections,
    amount: count,
    headers: { "x-forwarded-for": "198.51.100.77" },
    requests: [
      {
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, "x-api-key": generateApiKey().key } }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { statuses, seconds: (Date.now() - started) / 1000, requestsPerSecond: Math.round(result.requests.average) };
}

/** The route handler called directly: what the app's own code keeps per unknown key. */
async function inProcess() {
  process.env.DATABASE_URL = await prepareSchema();
  process.env.UPSTASH_REDIS_REST_URL = "";
  process.env.UPSTASH_REDIS_REST_TOKEN = "";
  const { NextRequest } = await import("next/server");
  const { GET } = await import("../app/api/v1/me/route");
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc (see the header of this file)");
  const heapMiB = () => {
    gc();
    return Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
  };
  const call = async () => {
    const headers = new Headers({ "x-forwarded-for": "198.51.100.77", "x-api-key": generateApiKey().key });
    const response = await GET(new NextRequest("http://localhost/api/v1/me", { headers }), {
      params: Promise.resolve({}),
    });
    return response.status;
  };
  for (let i = 0; i < 2_000; i++) await call(); // warm-up, and the address's budget spent
  const before = heapMiB();
  const statuses: Record<string, number> = {};
  const started = Date.now();
  for (let i = 0; i < KEYS; i++) {
    const status = await call();
    statuses[status] = (statuses[status] ?? 0) + 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const after = heapMiB();
  console.log(
    JSON.stringify(
      { mode: "in-process", keys: KEYS, heapMiB: { before, after, growth: after - before }, statuses, seconds },
      null,
      2,
    ),
  );
  const { closeDatabase } = await import("../lib/db/client");
  await closeDatabase();
}

async function main() {
  if (values["in-process"]) return inProcess();
  if (buildIfStale() !== 0) process.exit(1);
  const databaseUrl = await prepareSchema();
  mkdirSync("bench-results", { recursive: true });
  const server = startServer({
    port: PORT,
    logFile: path.join("bench-results", "server-unknown-keys.log"),
    env: {
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
      NEXTAUTH_URL: `http://127.0.0.1:${PORT}`,
      GLYPHIC_DEMO: "1",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
    },
  });
  try {
    await waitForServer(server, `http://127.0.0.1:${PORT}/api/ping`);
    await flood(2_000, 10); // warm-up: routes compiled and loaded
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = residentMiB(server.pid ?? 0);
    const run = await flood(KEYS, Number(values.connections));
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // let the garbage collector settle
    const after = residentMiB(server.pid ?? 0);
    console.log(
      JSON.stringify({ keys: KEYS, residentMiB: { before, after, growth: after - before }, ...run }, null, 2),
    );
  } finally {
    await stopServer(server);
  }
}

runBench(main);
