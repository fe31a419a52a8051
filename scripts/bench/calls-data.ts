import pg from "pg";
import { migratedSchema } from "../lib/bench-schema";

/**
 * The data of `npm run bench:calls`, generated in SQL in schema "bench_calls": two
 * organizations of `rows` calls each, "bench-public" (all public) and "bench-private" (90%
 * private), plus "bench-settings" with 50 keys and a year of hourly usage rows per key.
 */
export const SCHEMA = "bench_calls";
export const SETTINGS_KEYS = 50;
export const HOURS_OF_USAGE = 365 * 24;
const PASSWORD = "bench-calls-password";
const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export const ORGS = [
  { slug: "bench-public", privateEvery: 0 },
  { slug: "bench-private", privateEvery: 10 },
] as const;

/** Work on the bench's schema over a connection of its own (outside lib/db). */
export async function inSchema<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path = "${SCHEMA}"`);
    return await work(client);
  } finally {
    await client.end();
  }
}

async function hasData(callsPerOrg: number): Promise<boolean> {
  return inSchema(async (client) => {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'Call'`,
      [SCHEMA],
    );
    if (rows[0].count === "0") return false;
    const calls = await client.query<{ count: string }>(`SELECT count(*) FROM "Call"`);
    return Number(calls.rows[0].count) === callsPerOrg * ORGS.length;
  });
}

/**
 * One org's calls in one INSERT … generate_series: 30 s apart, every 7th pair sharing a
 * timestamp so the id tie-break is exercised; in the private org 9 of every 10 calls private.
 */
async function generateCalls(
  client: pg.Client,
  rows: number,
  organizationId: string,
  prefix: string,
  privateEvery: number,
) {
  await client.query(
    `INSERT INTO "Call" ("id", "organizationId", "title", "startedAt", "durationSeconds", "participants", "summary", "isPrivate")
     SELECT $2 || md5(g::text), $1, 'Bench call ' || g,
       timestamp '2026-11-01 00:00:00' - ((g - (CASE WHEN g % 7 = 0 THEN 1 ELSE 0 END)) * interval '30 seconds'),
       600 + g % 3000, ARRAY['Ada Analyst', 'Guest ' || g], 'Summary of bench call ' || g || '.',
       CASE WHEN $3::int > 0 THEN g % $3::int <> 0 ELSE false END
     FROM generate_series(1, $4::int) AS g`,
    [organizationId, prefix, privateEvery, rows],
  );
}

export interface Prepared {
  databaseUrl: string;
  keys: Record<string, string>;
  settingsLogin: { email: string; password: string };
}

/** Creates (or with `reuse`, keeps when complete) the data; returns a key per org and a sign-in. */
export async function prepareDatabase({ rows, reuse }: { rows: number; reuse: boolean }): Promise<Prepared> {
  const keep = reuse && (await hasData(rows));
  const databaseUrl = await migratedSchema(BASE_DATABASE_URL, SCHEMA, { keep });
  const { database, closeDatabase } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/commands/create");
  const { hashPassword } = await import("../../lib/auth/password");
  const { EXTENDED_KEY_LIMIT_FLAG } = await import("../../lib/api-keys/limits");
  const db = database();
  let started = Date.now();
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
    if (!keep) {
      started = Date.now();
      await inSchema((client) => generateCalls(client, rows, organization.id, org.slug.slice(6, 9), org.privateEvery));
      console.log(`  ${org.slug}: ${rows} calls generated in ${Date.now() - started} ms`);
    }
    // Revoke last run's key first: the organization's active-key limit is 5.
    await db.client.apiKey.updateMany({
      where: { organizationId: organization.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    keys[org.slug] = (await createApiKey({ organizationId: organization.id, userId: user.id, name: "Bench" })).key;
  }

  const settings = await orgWithAdmin("bench-settings", [EXTENDED_KEY_LIMIT_FLAG]);
  if (!keep) {
    started = Date.now();
    for (let index = 0; index < SETTINGS_KEYS; index++) {
      await createApiKey({
        organizationId: settings.organization.id,
        userId: settings.user.id,
        name: `Settings bench key ${index + 1}`,
      });
    }
    await inSchema((client) =>
      client.query(
        `INSERT INTO "ApiKeyUsage" ("apiKeyId", "bucket", "requests", "rateLimited")
         SELECT k."id", date_trunc('hour', now() AT TIME ZONE 'UTC') - h * interval '1 hour', 1 + (h % 50), h % 3
         FROM "ApiKey" k, generate_series(0, $2::int - 1) AS h
         WHERE k."organizationId" = $1`,
        [settings.organization.id, HOURS_OF_USAGE],
      ),
    );
    // What key health reads (kept by the flush, pruned after a month by retention): per key and
    // day, the networks it was used from and the permissions its requests exercised.
    await inSchema(async (client) => {
      await client.query(
        `INSERT INTO "ApiKeyNetwork" ("apiKeyId", "network", "day", "firstAt", "lastAt", "requests", "lastUserAgent")
         SELECT k."id", n.network, date_trunc('day', now() AT TIME ZONE 'UTC') - d * interval '1 day',
           now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', 100, 'bench'
         FROM "ApiKey" k, generate_series(0, 30) AS d, (VALUES ('192.0.2.0/24'), ('198.51.100.0/24')) AS n(network)
         WHERE k."organizationId" = $1`,
        [settings.organization.id],
      );
      await client.query(
        `INSERT INTO "ApiKeyPermissionUse" ("apiKeyId", "permission", "day", "lastAt", "requests")
         SELECT k."id", 'calls:read', date_trunc('day', now() AT TIME ZONE 'UTC') - d * interval '1 day',
           now() AT TIME ZONE 'UTC', 100
         FROM "ApiKey" k, generate_series(0, 30) AS d
         WHERE k."organizationId" = $1`,
        [settings.organization.id],
      );
    });
    console.log(
      `  bench-settings: ${SETTINGS_KEYS} keys, ${SETTINGS_KEYS * HOURS_OF_USAGE} usage rows in ${Date.now() - started} ms`,
    );
    started = Date.now();
    await inSchema((client) => client.query(`VACUUM ANALYZE`));
    console.log(`  VACUUM ANALYZE in ${Date.now() - started} ms`);
  }
  await closeDatabase();
  return { databaseUrl, keys, settingsLogin: { email: settings.email, password: PASSWORD } };
}
