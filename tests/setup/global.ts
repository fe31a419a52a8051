import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pgliteSession } from "../../lib/db/embedded";
import { applyMigrations } from "../../lib/db/migrate";

/**
 * Without DATABASE_URL every test file gets its own in-memory embedded database. Running
 * initdb + migrations once here and loading the dump per file (see docs/benchmarks/)
 * keeps the embedded suite fast. Workers inherit VITEST_PGLITE_TEMPLATE from this process.
 */
export default async function setup() {
  if (process.env.DATABASE_URL) return;
  const pglite = new PGlite();
  await applyMigrations(pgliteSession(pglite), { advisoryLock: false });
  const dump = await pglite.dumpDataDir("none");
  await pglite.close();
  const file = path.join(process.cwd(), ".data", `vitest-template-${process.pid}.tar`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.VITEST_PGLITE_TEMPLATE = file;
  return () => rmSync(file, { force: true });
}
