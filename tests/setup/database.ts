import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

/**
 * Each test file gets a database of its own, so files cannot see each other's rows:
 * - DATABASE_URL set (CI): a fresh Postgres schema, migrated, dropped afterwards;
 * - unset: an in-memory embedded Postgres (PGlite), loaded from the template that
 *   tests/setup/global.ts migrated once.
 * The client is created lazily, so files that never touch the database pay nothing.
 */
const baseUrl = process.env.DATABASE_URL;
const schema = `vitest_${process.pid}_${randomBytes(4).toString("hex")}`;

if (baseUrl) {
  const url = new URL(baseUrl);
  url.searchParams.set("schema", schema);
  process.env.DATABASE_URL = url.toString();
} else {
  process.env.EMBEDDED_DATABASE_DIR = "memory://";
  const template = process.env.VITEST_PGLITE_TEMPLATE;
  if (template) {
    const { setEmbeddedTemplate } = await import("@/lib/db/client");
    setEmbeddedTemplate(new Blob([readFileSync(template)]));
  }
}

beforeAll(async () => {
  if (!baseUrl) return;
  const { database } = await import("@/lib/db/client");
  const { applyMigrations } = await import("@/lib/db/migrate");
  await database().withSession((session) => applyMigrations(session, { advisoryLock: false }));
});

afterAll(async () => {
  const { closeDatabase } = await import("@/lib/db/client");
  await closeDatabase();
  if (!baseUrl) return;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
});
