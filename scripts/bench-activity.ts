// `npm run bench:activity`: Activity on Settings → API at depth. In Postgres schema
// "bench_activity" (dropped and rebuilt each run): --events audit events for one organization
// over 20 keys (one key holds a tenth of them) and 25 older ones of a rare key, plus a tenth as
// many in a second organization;
// then the reads the page makes, timed through lib/audit/activity as the page and "Show more"
// call it: the first page, page 50 (reached by walking the cursors, as the UI does), the
// key-filtered first page and page 50, and the whole CSV export streamed. Median of --samples
// runs each, and the EXPLAIN (ANALYZE) of each statement with the index it used.
// --without-key-index drops the (organizationId, apiKeyId, createdAt, id) index first.
import { parseArgs } from "node:util";
import type { ActivityCursor } from "../lib/audit/activity";
import { closeAndDropSchema, migratedSchema, runBench } from "./lib/bench-schema";

const { values } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    samples: { type: "string", default: "7" },
    "without-key-index": { type: "boolean", default: false },
  },
});
const EVENTS = Number(values.events);
const SAMPLES = Math.max(1, Number(values.samples));
const SCHEMA = "bench_activity";
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
const ORG = "bench-org";
const KEYS = 20;
/** Key 1 holds every tenth event; the other 19 share the rest. */
const BUSY_KEY = "bench-key-1";
/** 25 events older than all the others: the filter's worst case without its index. */
const RARE_KEY = "bench-key-rare";

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)];
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

async function main() {
  await migratedSchema(BASE_DATABASE_URL, SCHEMA);
  const { database, db } = await import("../lib/db/client");
  const activity = await import("../lib/audit/activity");
  const { activityCsvStream } = await import("../lib/audit/activity-csv");
  try {
    await database().withSession(async (session) => {
      if (values["without-key-index"]) {
        await session.exec(`DROP INDEX "AuditEvent_organizationId_apiKeyId_createdAt_id_idx"`);
      }
      const generated = performance.now();
      // Events a minute apart, newest now; actors: 5 members, and 1 user who has left.
      await session.exec(`
        INSERT INTO "Organization" ("id", "name", "slug") VALUES ('${ORG}', 'Bench', 'bench'), ('other-org', 'Other', 'other');
        INSERT INTO "User" ("id", "email", "name", "passwordHash")
          SELECT 'bench-user-' || i, 'user' || i || '@bench.test', 'User ' || i, 'x' FROM generate_series(1, 6) AS i;
        INSERT INTO "Membership" ("id", "userId", "organizationId", "role")
          SELECT 'bench-member-' || i, 'bench-user-' || i, '${ORG}', 'ADMIN' FROM generate_series(1, 5) AS i;
        INSERT INTO "ApiKey" ("id", "organizationId", "name", "prefix", "hash")
          SELECT 'bench-key-' || i, '${ORG}', 'Key ' || i, 'glyk_b' || lpad(i::text, 3, '0'), md5('bench-key-' || i)
          FROM generate_series(1, ${KEYS}) AS i;
        INSERT INTO "AuditEvent" ("id", "organizationId", "actorId", "action", "apiKeyId", "keyName", "keyPrefix", "details", "createdAt")
          SELECT 'bench-event-' || lpad(i::text, 8, '0'), '${ORG}', 'bench-user-' || (1 + i % 6),
                 'api_key.renamed', k, 'Key', 'glyk_bnch', '{"previousName":"Old"}'::jsonb,
                 (now() AT TIME ZONE 'UTC') - make_interval(mins => i)
          FROM generate_series(1, ${EVENTS}) AS i,
               LATERAL (SELECT CASE WHEN i % 10 = 0 THEN '${BUSY_KEY}' ELSE 'bench-key-' || (2 + i % 19) END AS k) AS key;
        INSERT INTO "AuditEvent" ("id", "organizationId", "actorId", "action", "apiKeyId", "keyName", "keyPrefix", "createdAt")
          SELECT 'rare-event-' || i, '${ORG}', 'bench-user-1', 'api_key.revoked', '${RARE_KEY}', 'Rare', 'glyk_rare',
                 (now() AT TIME ZONE 'UTC') - make_interval(mins => ${EVENTS} + i)
          FROM generate_series(1, 25) AS i;
        INSERT INTO "AuditEvent" ("id", "organizationId", "action", "apiKeyId", "keyName", "keyPrefix", "createdAt")
          SELECT 'other-event-' || i, 'other-org', 'api_key.revoked', 'other-key', 'Other', 'glyk_othr',
                 (now() AT TIME ZONE 'UTC') - make_interval(mins => i)
          FROM generate_series(1, ${Math.round(EVENTS / 10)}) AS i;`);
      await session.exec(`VACUUM ANALYZE "AuditEvent"`);
      const [count] = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM "AuditEvent"`);
      console.log(
        `generated ${count.n} AuditEvent rows (${EVENTS} + 25 of ${RARE_KEY} in ${ORG}, ${BUSY_KEY} holds ${EVENTS / 10}) in ` +
          `${((performance.now() - generated) / 1000).toFixed(1)} s; key index: ${values["without-key-index"] ? "dropped" : "present"}`,
      );
    });

    /** The cursor of page `page` (1-based), by walking pages 1 … page-1 as Show more does. */
    async function cursorOf(page: number, keyId?: string): Promise<ActivityCursor | undefined> {
      let cursor: string | null = null;
      for (let index = 1; index < page; index++) {
        const decoded: ActivityCursor | undefined = cursor
          ? (activity.decodeActivityCursor(cursor) ?? undefined)
          : undefined;
        cursor = (await activity.loadActivityPage(ORG, { keyId, cursor: decoded })).nextCursor;
        if (!cursor) throw new Error(`only ${index} pages`);
      }
      return cursor ? (activity.decodeActivityCursor(cursor) ?? undefined) : undefined;
    }

    const cases = [
      { label: "first page", keyId: undefined, page: 1 },
      { label: "page 50", keyId: undefined, page: 50 },
      { label: `first page, key filter (${BUSY_KEY})`, keyId: BUSY_KEY, page: 1 },
      { label: "page 50, key filter", keyId: BUSY_KEY, page: 50 },
      { label: "first page, key filter (a key of 1/19 of the rest)", keyId: "bench-key-7", page: 1 },
      { label: "first page, key filter (a rare key: 25 events, the oldest)", keyId: RARE_KEY, page: 1 },
    ];
    const results: Record<string, unknown>[] = [];
    for (const item of cases) {
      const walk = await timed(() => cursorOf(item.page, item.keyId));
      const cursor = walk.result;
      await activity.loadActivityPage(ORG, { keyId: item.keyId, cursor }); // warm
      const runs: number[] = [];
      let rows = 0;
      for (let run = 0; run < SAMPLES; run++) {
        const { result, ms: took } = await timed(() => activity.loadActivityPage(ORG, { keyId: item.keyId, cursor }));
        rows = result.events.length;
        runs.push(took);
      }
      const sql = activity.activityEventsSql(ORG, { keyId: item.keyId, cursor }, activity.ACTIVITY_PAGE_SIZE + 1);
      const plan = (
        await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${sql.text}`, ...sql.values)
      ).map((row) => row["QUERY PLAN"]);
      const scans = plan.flatMap((line) => {
        const match =
          /(Index Only Scan|Index Scan)(?: Backward)? using "?(\w+)"?|Bitmap Index Scan on "?(\w+)"?|(Seq Scan) on "?AuditEvent/.exec(
            line,
          );
        return match ? [match[2] ?? match[3] ?? match[4]] : [];
      });
      const indexes = [...new Set(scans)];
      const execution = plan.find((line) => line.startsWith("Execution Time"));
      results.push({ case: item.label, rows, medianMs: Number(median(runs).toFixed(2)), indexes, execution });
      console.log(
        `\n${item.label}: ${rows} rows, median ${ms(median(runs))} (min ${ms(Math.min(...runs))}, ${SAMPLES} runs); ` +
          `reaching it took ${item.page - 1} pages in ${ms(walk.ms)}\n  ${plan.join("\n  ")}`,
      );
    }

    // The whole export, streamed as the route streams it (batches of 1,000), read to the end.
    // Memory: RSS (what the process holds, garbage included) and, with --expose-gc (set by the
    // npm script), the live heap after a collection every 10 batches: what the stream retains.
    const collect = (globalThis as { gc?: () => void }).gc;
    collect?.();
    const rssBefore = process.memoryUsage().rss;
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = rssBefore;
    let peakLiveHeap = heapBefore;
    const exportRun = await timed(async () => {
      const reader = activityCsvStream(ORG, {}).getReader();
      let bytes = 0;
      for (let chunk = 1; ; chunk++) {
        const { done, value } = await reader.read();
        if (done) return bytes;
        bytes += value.byteLength;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (collect && chunk % 10 === 0) {
          collect();
          peakLiveHeap = Math.max(peakLiveHeap, process.memoryUsage().heapUsed);
        }
      }
    });
    const mib = (bytes: number) => Number((bytes / 1024 / 1024).toFixed(1));
    const exported = {
      bytes: exportRun.result,
      seconds: Number((exportRun.ms / 1000).toFixed(2)),
      rssGrowthMiB: mib(peakRss - rssBefore),
      liveHeapGrowthMiB: collect ? mib(peakLiveHeap - heapBefore) : null,
    };
    console.log(
      `\nCSV export of ${EVENTS} events: ${mib(exported.bytes)} MiB in ${exported.seconds} s; peak RSS growth ` +
        `${exported.rssGrowthMiB} MiB; live heap growth after GC ${exported.liveHeapGrowthMiB ?? "(run with --expose-gc)"} MiB`,
    );
    console.log(`\n${JSON.stringify({ events: EVENTS, samples: SAMPLES, results, export: exported }, null, 2)}`);
  } finally {
    await closeAndDropSchema(BASE_DATABASE_URL, SCHEMA);
  }
}

runBench(main);
