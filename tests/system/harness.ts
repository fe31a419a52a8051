import type { ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { startServer, stopServer, waitForServer } from "../../scripts/lib/server.mjs";
import { freePort } from "../free-port";

export { freePort };

/**
 * System tests run real production servers (`next start` of the current build) against
 * Postgres. Each test file works in a schema of its own; lib/ code in the test process (the
 * key service, the db client) is pointed at the same schema with useSchema().
 */
export const BASE_DATABASE_URL = process.env.DATABASE_URL ?? "";
/** Signs the servers' session cookies (tests can make one: see faults.test.ts). */
const SYSTEM_TEST_SECRET = "system-test-secret-system-test-secret-0000";

export function schemaUrl(schema: string, base = BASE_DATABASE_URL): string {
  const url = new URL(base);
  url.searchParams.set("schema", schema);
  return url.toString();
}

/** Migrates the database process.env.DATABASE_URL names and fills it with the demo data. */
async function migrateAndSeed(): Promise<void> {
  const { database } = await import("../../lib/db/client");
  const { applyMigrations } = await import("../../lib/db/migrate");
  const { seedDemoData } = await import("../../scripts/demo-data");
  await database().withSession((session) => applyMigrations(session));
  await seedDemoData(database().client);
}

/** A fresh, migrated schema with the demo data; lib/db in this process now uses it. */
export async function useSchema(schema: string): Promise<string> {
  if (!BASE_DATABASE_URL) throw new Error("System tests need DATABASE_URL (Postgres).");
  const admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
  process.env.DATABASE_URL = schemaUrl(schema);
  await migrateAndSeed();
  return process.env.DATABASE_URL;
}

/** The URL of database `name` on the test Postgres (a database, not a schema: PgBouncer refuses `?schema=`). */
export function databaseUrl(name: string, base = BASE_DATABASE_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  url.searchParams.delete("schema");
  return url.toString();
}

/**
 * A fresh, migrated database with the demo data; lib/db in this process now uses it. For tests
 * that reach Postgres through a pooler, which cannot select a schema per connection.
 */
export async function useDatabase(
  name: string,
  settings: { clientConnectionCheckInterval?: string } = {},
): Promise<string> {
  if (!BASE_DATABASE_URL) throw new Error("System tests need DATABASE_URL (Postgres).");
  const admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  if (settings.clientConnectionCheckInterval) {
    await admin.query(
      `ALTER DATABASE "${name}" SET client_connection_check_interval = '${settings.clientConnectionCheckInterval}'`,
    );
  }
  await admin.end();
  process.env.DATABASE_URL = databaseUrl(name);
  await migrateAndSeed();
  return process.env.DATABASE_URL;
}

export async function dropDatabase(name: string): Promise<void> {
  const { closeDatabase } = await import("../../lib/db/client");
  await closeDatabase();
  const admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}

export async function dropSchema(schema: string): Promise<void> {
  const { closeDatabase } = await import("../../lib/db/client");
  await closeDatabase();
  const admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

export interface App {
  url: string;
  /** The `next start` process (to send it a signal). */
  process: ChildProcess;
  /** Everything the server printed so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts `next start` on a free port with the given environment and waits until it answers. */
export async function startApp(name: string, env: Record<string, string>): Promise<App> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dir = path.join(process.cwd(), "test-results", "system");
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, `${name}.log`);
  const server: ChildProcess = startServer({
    port,
    logFile,
    env: {
      NEXTAUTH_SECRET: SYSTEM_TEST_SECRET,
      NEXTAUTH_URL: url,
      // A local test deployment: http://127.0.0.1 and (where a test leaves out Upstash) one instance.
      GLYPHIC_DEMO: "1",
      UPSTASH_REDIS_REST_URL: "",
      UPSTASH_REDIS_REST_TOKEN: "",
      ...env,
    },
  });
  await waitForServer(server, `${url}/api/ping`);
  return {
    url,
    process: server,
    log: () => readFileSync(logFile, "utf8"),
    stop: () => stopServer(server),
  };
}

/** The session cookie next-auth sets when this user signs in (same secret as the servers). */
export async function sessionCookie(email: string): Promise<string> {
  const { db } = await import("../../lib/db/client");
  const { encode } = await import("next-auth/jwt");
  const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } });
  const [membership] = user.memberships;
  const token = await encode({
    secret: SYSTEM_TEST_SECRET,
    token: {
      sub: user.id,
      name: user.name,
      email: user.email,
      userId: user.id,
      organizationId: membership.organizationId,
      role: membership.role,
    },
  });
  return `next-auth.session-token=${token}`;
}

/** A new key of the demo organization Acme, created by its admin, in the current schema. */
export async function createAcmeKey(name: string): Promise<{ key: string; id: string; prefix: string }> {
  const { db } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/commands/create");
  const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const created = await createApiKey({ organizationId: acme.id, userId: admin.id, name });
  return { key: created.key, id: created.summary.id, prefix: created.summary.prefix };
}
