import pg from "pg";

/**
 * Points this process's lib/db at `schema` of the base database, dropped first unless `keep`,
 * and migrated. Returns the schema's connection string for the servers a bench starts.
 */
export async function migratedSchema(baseUrl: string, schema: string, { keep = false } = {}): Promise<string> {
  if (!keep) await dropSchema(baseUrl, schema);
  const url = new URL(baseUrl);
  url.searchParams.set("schema", schema);
  process.env.DATABASE_URL = url.toString();
  const { database } = await import("../../lib/db/client");
  const applied = await database().withSession((session) =>
    import("../../lib/db/migrate").then((m) => m.applyMigrations(session)),
  );
  if (applied.length > 0) console.log(`  migrations applied to schema ${schema}: ${applied.join(", ")}`);
  return url.toString();
}

/** Drops `schema` of the base database with everything in it (a bench's data, before or after). */
export async function dropSchema(baseUrl: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

/** After a bench on a throwaway schema: closes this process's lib/db, then drops the schema. */
export async function closeAndDropSchema(baseUrl: string, schema: string): Promise<void> {
  const { closeDatabase } = await import("../../lib/db/client");
  await closeDatabase();
  await dropSchema(baseUrl, schema);
}

/** Runs a bench's main(): a failure is printed and ends the process with status 1. */
export function runBench(main: () => Promise<unknown>): void {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
