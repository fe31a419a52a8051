// `npm run bench:known-hashes`: what a cold instance pays for its first over-budget request,
// which loads the known key hashes (lib/api-keys/known-hashes.ts) — a load any client can trigger.
// In Postgres schema "bench_known_hashes" (dropped and rebuilt each run, dropped at the end):
// --keys active keys with random hashes, inserted by one INSERT … SELECT generate_series; then,
// --rounds times, a fresh child process (node --expose-gc) that opens the database, asks once
// whether a random hash is known, and reports the load's time, the bytes it read (/proc/self/io,
// every read of the process: Postgres's answer and little else), its peak RSS growth, and what it
// keeps after a full GC (V8 heap and ArrayBuffer memory, which holds the typed array).
//   --keys 1000000   --rounds 3
//   --rows           also measure, once, the former load (every active key's hash as a row, kept
//                    in a Set of 16-character strings), for comparison
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { migratedSchema, runBench } from "./lib/bench-schema";

const { values } = parseArgs({
  options: {
    keys: { type: "string", default: "1000000" },
    rounds: { type: "string", default: "3" },
    rows: { type: "boolean", default: false },
    child: { type: "string" },
  },
});
const KEYS = Number(values.keys);
const ROUNDS = Math.max(1, Number(values.rounds));
const SCHEMA = "bench_known_hashes";
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const MiB = 1024 * 1024;

interface Measured {
  mode: "prefixes" | "rows";
  ms: number;
  readMiB: number;
  peakRssGrowthMiB: number;
  retained: { heapMiB: number; arrayBuffersMiB: number; totalMiB: number };
  held: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

function bytesRead(): number {
  return Number(/rchar:\s+(\d+)/.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? 0);
}

/** In the child: one cold load, measured. */
async function child(mode: "prefixes" | "rows"): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("the child runs with node --expose-gc");
  const { closeDatabase, db } = await import("../lib/db/client");
  const known = await import("../lib/api-keys/verification/known-hashes");
  const { randomBytes } = await import("node:crypto");
  await db.$queryRawUnsafe("SELECT 1"); // the connection is opened: not what is measured
  gc();
  const before = process.memoryUsage();
  const maxRssBefore = process.resourceUsage().maxRSS;
  const readBefore = bytesRead();
  const started = performance.now();
  let kept: unknown = null;
  let held = 0;
  if (mode === "prefixes") {
    await known.mayBeKnownKeyHash(randomBytes(32).toString("hex"));
    held = known.knownHashCount() ?? 0;
  } else {
    const rows = await db.apiKey.findMany({ where: { revokedAt: null }, select: { hash: true } });
    const set = new Set<string>();
    for (const row of rows) set.add(row.hash.slice(0, 16));
    kept = set;
    held = set.size;
  }
  const ms = performance.now() - started;
  const readMiB = (bytesRead() - readBefore) / MiB;
  const peakRssGrowthMiB = (process.resourceUsage().maxRSS - maxRssBefore) / 1024;
  gc();
  const after = process.memoryUsage();
  const heapMiB = (after.heapUsed - before.heapUsed) / MiB;
  const arrayBuffersMiB = (after.arrayBuffers - before.arrayBuffers) / MiB;
  const result: Measured = {
    mode,
    ms: Math.round(ms),
    readMiB: round1(readMiB),
    peakRssGrowthMiB: round1(peakRssGrowthMiB),
    retained: {
      heapMiB: round1(heapMiB),
      arrayBuffersMiB: round1(arrayBuffersMiB),
      totalMiB: round1(heapMiB + arrayBuffersMiB),
    },
    held,
  };
  if (kept === null && held === 0) throw new Error("nothing was loaded");
  console.log(JSON.stringify(result));
  await closeDatabase();
}

function runChild(databaseUrl: string, mode: "prefixes" | "rows"): Measured {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "scripts/bench-known-hashes.ts", "--child", mode],
    { env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" }, encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`child failed: ${run.stderr}`);
  const line = run.stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(line) as Measured;
}

async function main() {
  if (values.child) return child(values.child === "rows" ? "rows" : "prefixes");
  const databaseUrl = await migratedSchema(BASE_DATABASE_URL, SCHEMA);
  const { closeDatabase } = await import("../lib/db/client");
  await closeDatabase();
  const admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`SET search_path TO "${SCHEMA}"`);
    const inserted = performance.now();
    await admin.query(`INSERT INTO "Organization" ("id", "name", "slug") VALUES ('bench-org', 'Bench', 'bench')`);
    // Random 64-hex-digit hashes, like SHA-256's; createdAt spread over the past year.
    await admin.query(
      `INSERT INTO "ApiKey" ("id", "organizationId", "name", "prefix", "hash", "createdAt")
        SELECT 'bench-key-' || i, 'bench-org', 'Key ' || i, 'glyk_bnch',
          md5(random()::text || i) || md5(random()::text || i),
          now() - random() * interval '365 days'
        FROM generate_series(1, $1::int) AS i`,
      [KEYS],
    );
    await admin.query(`ANALYZE "ApiKey"`);
    console.log(
      `${KEYS.toLocaleString("en")} active keys inserted in ${((performance.now() - inserted) / 1000).toFixed(1)} s`,
    );

    const rounds: Measured[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const measured = runChild(databaseUrl, "prefixes");
      rounds.push(measured);
      console.log(`round ${round + 1}: ${JSON.stringify(measured)}`);
    }
    const sorted = (pick: (m: Measured) => number) => rounds.map(pick).sort((a, b) => a - b);
    const median = (pick: (m: Measured) => number) => sorted(pick)[Math.floor(rounds.length / 2)];
    const range = (pick: (m: Measured) => number) => `${sorted(pick)[0]}–${sorted(pick).at(-1)}`;
    console.log(
      JSON.stringify(
        {
          keys: KEYS,
          rounds: ROUNDS,
          firstLoadMs: { median: median((m) => m.ms), range: range((m) => m.ms) },
          readMiB: median((m) => m.readMiB),
          peakRssGrowthMiB: { median: median((m) => m.peakRssGrowthMiB), range: range((m) => m.peakRssGrowthMiB) },
          retainedMiB: {
            median: median((m) => m.retained.totalMiB),
            range: range((m) => m.retained.totalMiB),
          },
        },
        null,
        2,
      ),
    );
    if (values.rows) console.log(`former load (rows + Set): ${JSON.stringify(runChild(databaseUrl, "rows"))}`);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await admin.end();
  }
}

runBench(main);
