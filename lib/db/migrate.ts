import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { componentLogger } from "../log";

const log = componentLogger("db");

/**
 * Applies prisma/migrations/* the way `prisma migrate deploy` does, without the Prisma CLI
 * (which cannot fetch its engine offline). Each migration runs in a transaction and is recorded
 * in _prisma_migrations with Prisma's checksum (SHA-256 of migration.sql), so a later
 * `prisma migrate deploy` sees it as applied.
 */
export interface SqlSession {
  /** Runs one or more statements without parameters. */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

const HISTORY_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Any constant works; it only has to be the same for every process migrating this database.
const MIGRATION_LOCK_ID = 72_657_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(/*turbopackIgnore: true*/ dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"));
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

/**
 * Returns the names of the migrations it applied (empty when the database was up to date).
 *
 * Two processes (app instances, deploy steps, test workers) may migrate at once. Each migration
 * runs in its own transaction that first takes a transaction-scoped advisory lock and then
 * re-reads the history under it, so the second process waits and then skips what the first
 * applied. The lock ends with its transaction — COMMIT, ROLLBACK or a dropped connection — so it
 * cannot outlive the run, even behind a transaction pooler that hands the next statement to
 * another server connection (a session-level lock stayed held there and hung the next run).
 */
export async function applyMigrations(
  session: SqlSession,
  options: { dir?: string; advisoryLock?: boolean; statementTimeoutMs?: number } = {},
): Promise<string[]> {
  const migrations = await readMigrations(options.dir);
  const lock = options.advisoryLock !== false ? `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_ID})` : undefined;
  // SET LOCAL: holds for this transaction only, so it also works through a transaction pooler.
  const timeout =
    options.statementTimeoutMs !== undefined
      ? `SET LOCAL statement_timeout = ${Math.trunc(options.statementTimeoutMs)}`
      : undefined;
  const begin = ["BEGIN", timeout, lock].filter(Boolean).join(";\n");
  const inTransaction = async <T>(work: () => Promise<T>): Promise<T> => {
    await session.exec(begin);
    try {
      const result = await work();
      await session.exec("COMMIT");
      return result;
    } catch (error) {
      await session.exec("ROLLBACK");
      throw error;
    }
  };
  // Concurrent CREATE TABLE IF NOT EXISTS can still collide on the catalog: under the lock too.
  const applied = await inTransaction(async () => {
    await session.exec(HISTORY_TABLE);
    return new Map((await session.query<{ migration_name: string; checksum: string }>(APPLIED)).map(toEntry));
  });
  const done: string[] = [];
  for (const migration of migrations) {
    const recorded = applied.get(migration.name);
    if (recorded !== undefined) {
      if (recorded !== migration.checksum) {
        log.warn({ migration: migration.name }, "migration was modified after it was applied (checksum differs)");
      }
      continue;
    }
    const appliedHere = await inTransaction(async () => {
      // Under the lock: another process may have applied it since the read above.
      const [again] = await session.query(`${APPLIED} AND migration_name = $1`, [migration.name]);
      if (again) return false;
      try {
        await session.exec(migration.sql);
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      await session.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (appliedHere) done.push(migration.name);
  }
  return done;
}

const APPLIED = `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

const toEntry = (row: { migration_name: string; checksum: string }) => [row.migration_name, row.checksum] as const;
