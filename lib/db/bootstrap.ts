import { env } from "../env";
import { database, jobDatabase } from "./client";
import { applyMigrations } from "./migrate";

/**
 * Run once per server start (instrumentation.ts): waits for the embedded database's migrations
 * and says whether it is new (empty), so the caller can fill it with demo data. Postgres is
 * migrated by the deploy step (`npm run db:migrate` or `prisma migrate deploy`), never seeded.
 */
export async function prepareDatabase(): Promise<{ newEmbeddedDatabase: boolean }> {
  const current = database();
  await current.ready;
  if (current.kind !== "embedded") return { newEmbeddedDatabase: false };
  return { newEmbeddedDatabase: (await current.client.organization.count()) === 0 };
}

/**
 * `npm run db:migrate`: applies prisma/migrations over DIRECT_URL when set (else DATABASE_URL, or
 * the embedded database) with the job statement timeout. Safe behind a transaction pooler: the
 * migration lock is transaction-scoped (lib/db/migrate.ts).
 */
export async function migrateDatabase(): Promise<string[]> {
  const target = jobDatabase();
  await target.ready;
  return target.withSession((session) =>
    applyMigrations(session, { statementTimeoutMs: env().DATABASE_JOB_STATEMENT_TIMEOUT_MS || undefined }),
  );
}
