// `npm run bench:retention`: the retention job on generated data, timed. In Postgres schema
// "bench_retention" (dropped and rebuilt each run): --keys keys with a year of hourly usage rows
// each and their latest 1,000 recorded requests (the recorder's cap per key) spread over 180
// days, and --audit-per-day audit events a day for three years; then the job as it runs in
// production (default periods 90 and 730 days), then once more (it must delete nothing).
// --without-index drops the two age indexes first, to see what they are worth.
import { parseArgs } from "node:util";
import { closeAndDropSchema, migratedSchema, runBench } from "./lib/bench-schema";

const { values } = parseArgs({
  options: {
    keys: { type: "string", default: "20" },
    "audit-per-day": { type: "string", default: "50" },
    "without-index": { type: "boolean", default: false },
  },
});
const KEYS = Number(values.keys);
const AUDIT_PER_DAY = Number(values["audit-per-day"]);
const SCHEMA = "bench_retention";
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function main() {
  await migratedSchema(BASE_DATABASE_URL, SCHEMA);
  const { database } = await import("../lib/db/client");
  const { runRetention } = await import("../lib/jobs/retention");
  try {
    await database().withSession(async (session) => {
      if (values["without-index"]) {
        await session.exec(`DROP INDEX "ApiKeyUsage_bucket_idx"; DROP INDEX "AuditEvent_createdAt_idx"`);
      }
      const generated = performance.now();
      await session.exec(`
        INSERT INTO "Organization" ("id", "name", "slug") VALUES ('bench-org', 'Bench', 'bench');
        INSERT INTO "ApiKey" ("id", "organizationId", "name", "prefix", "hash")
          SELECT 'bench-key-' || i, 'bench-org', 'Key ' || i, 'glyk_bnch', md5('bench-key-' || i)
          FROM generate_series(1, ${KEYS}) AS i;
        INSERT INTO "ApiKeyUsage" ("apiKeyId", "bucket", "requests")
          SELECT k."id", date_trunc('hour', now() AT TIME ZONE 'UTC') - make_interval(hours => h), 1
          FROM "ApiKey" k CROSS JOIN generate_series(0, 365 * 24 - 1) AS h;
        INSERT INTO "ApiRequest" ("apiKeyId", "at", "method", "path", "status", "clientAddress", "userAgent", "durationMs")
          SELECT k."id", (now() AT TIME ZONE 'UTC') - make_interval(secs => r * 180 * 86400.0 / 1000),
                 'GET', '/api/v1/calls', 200, '203.0.113.7', 'bench/1.0', 3
          FROM "ApiKey" k CROSS JOIN generate_series(0, 999) AS r;
        INSERT INTO "AuditEvent" ("id", "organizationId", "action", "keyName", "keyPrefix", "createdAt")
          SELECT 'bench-event-' || i, 'bench-org', 'api_key.renamed', 'Key', 'glyk_bnch',
                 (now() AT TIME ZONE 'UTC') - make_interval(secs => i * 86400.0 / ${AUDIT_PER_DAY})
          FROM generate_series(1, 3 * 365 * ${AUDIT_PER_DAY}) AS i;
        ANALYZE "ApiKeyUsage"; ANALYZE "ApiRequest"; ANALYZE "AuditEvent";`);
      const [counts] = await session.query<{ usage: number; requests: number; audit: number }>(
        `SELECT (SELECT count(*)::int FROM "ApiKeyUsage") AS usage, (SELECT count(*)::int FROM "ApiRequest") AS requests,
                (SELECT count(*)::int FROM "AuditEvent") AS audit`,
      );
      console.log(
        `generated ${counts.usage} ApiKeyUsage rows (${KEYS} keys × a year hourly), ${counts.requests} ApiRequest rows ` +
          `(${KEYS} keys × 1,000 over 180 days) and ${counts.audit} AuditEvent rows ` +
          `in ${((performance.now() - generated) / 1000).toFixed(1)} s; age indexes: ${values["without-index"] ? "dropped" : "present"}`,
      );
      const first = await runRetention(session);
      console.log(`first run:    ${JSON.stringify(first)}`);
      const second = await runRetention(session);
      console.log(`second run:   ${JSON.stringify(second)}`);
      // The steady state: a day later one day of rows has aged out, among 90 days that stay.
      await session.exec(`VACUUM ANALYZE "ApiKeyUsage"`);
      await session.exec(`VACUUM ANALYZE "ApiRequest"`);
      await session.exec(`VACUUM ANALYZE "AuditEvent"`);
      const tomorrow = new Date(Date.now() + 86_400_000);
      const plan = await session.query<Record<string, string>>(
        `EXPLAIN ANALYZE SELECT "apiKeyId", "bucket" FROM "ApiKeyUsage" WHERE "bucket" < $1::timestamp LIMIT 5000`,
        [new Date(tomorrow.getTime() - 90 * 86_400_000).toISOString()],
      );
      console.log(`a day later, one batch's selection:\n  ${plan.map((row) => Object.values(row)[0]).join("\n  ")}`);
      const nextDay = await runRetention(session, { now: tomorrow });
      console.log(`a day later:  ${JSON.stringify(nextDay)}`);
    });
  } finally {
    await closeAndDropSchema(BASE_DATABASE_URL, SCHEMA);
  }
}

runBench(main);
