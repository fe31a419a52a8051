// `npx tsx scripts/bench-flush-networks.ts`: what the per-key aggregates and the new-network
// check (lib/requests/key-networks.ts) cost a flush. Times applyBatch (lib/requests/store.ts) for
// batches of 1,000 requests — 10 keys × 100 requests, each key from 5 networks it already used,
// mostly successful reads, as a steady flush looks — in Postgres schema "bench_flush_networks"
// (dropped and rebuilt each run). --store names another store module to time instead (e.g. the
// previous release's store.ts, copied next to this one, for a before/after).
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { countId, countOf, type PendingCount, type RecordedRequest } from "../lib/requests/records";
import { closeAndDropSchema, migratedSchema, runBench } from "./lib/bench-schema";

const { values } = parseArgs({
  options: {
    batches: { type: "string", default: "40" },
    store: { type: "string", default: "../lib/requests/store" },
  },
});
const BATCHES = Number(values.batches);
const KEYS = 10;
const PER_KEY = 100;
const SCHEMA = "bench_flush_networks";
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

const COLUMNS = ["requests", "rateLimited", "clientErrors", "serverErrors"] as const;
const PATHS = ["/api/v1/calls", "/api/v1/calls/c1", "/api/v1/keys", "/api/v1/me"];

function batch(at: number): RecordedRequest[] {
  const requests: RecordedRequest[] = [];
  for (let key = 1; key <= KEYS; key++) {
    for (let i = 0; i < PER_KEY; i++) {
      requests.push({
        keyId: `bench-key-${key}`,
        at: at + i,
        method: "GET",
        path: PATHS[i % PATHS.length],
        status: i % 20 === 0 ? 429 : 200,
        clientAddress: `198.51.${100 + (i % 5)}.${1 + (i % 200)}`,
        userAgent: "bench/1.0",
        durationMs: 3,
      });
    }
  }
  return requests;
}

/** The batch's count rows, one per key and hour, added up as the memory sink does. */
function countsOf(requests: RecordedRequest[]): PendingCount[] {
  const rows = new Map<string, PendingCount>();
  for (const request of requests) {
    const row = countOf(request);
    const held = rows.get(countId(row));
    if (!held) rows.set(countId(row), row);
    else for (const column of COLUMNS) held[column] += row[column];
  }
  return [...rows.values()];
}

async function main() {
  await migratedSchema(BASE_DATABASE_URL, SCHEMA);
  const { database } = await import("../lib/db/client");
  const { applyBatch } = (await import(values.store)) as typeof import("../lib/requests/store");
  try {
    await database().withSession((session) =>
      session.exec(`
        INSERT INTO "Organization" ("id", "name", "slug") VALUES ('bench-org', 'Bench', 'bench');
        INSERT INTO "ApiKey" ("id", "organizationId", "name", "prefix", "hash")
          SELECT 'bench-key-' || i, 'bench-org', 'Key ' || i, 'glyk_bnch', md5('bench-key-' || i)
          FROM generate_series(1, ${KEYS}) AS i;`),
    );
    const start = Date.now();
    // Warm-up: the keys' history and networks exist, the statements are prepared.
    for (let i = 0; i < 5; i++) {
      const requests = batch(start + i * 1_000);
      await applyBatch(randomUUID(), countsOf(requests), requests);
    }
    const times: number[] = [];
    for (let i = 0; i < BATCHES; i++) {
      const requests = batch(start + (10 + i) * 1_000);
      const counts = countsOf(requests);
      const started = performance.now();
      await applyBatch(randomUUID(), counts, requests);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    console.log(
      `${values.store}: applyBatch of ${KEYS * PER_KEY} requests (${KEYS} keys), ${BATCHES} batches: ` +
        `median ${at(0.5)} ms, p90 ${at(0.9)} ms, min ${times[0].toFixed(1)} ms`,
    );
  } finally {
    await closeAndDropSchema(BASE_DATABASE_URL, SCHEMA);
  }
}

runBench(main);
