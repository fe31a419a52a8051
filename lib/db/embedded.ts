import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import type { SqlSession } from "./migrate";

/**
 * The embedded Postgres (PGlite) used when DATABASE_URL is unset: development, demos, tests.
 *
 * PGlite lets two processes open one folder and then silently loses the writes of one of them,
 * so the folder is guarded by a lock file holding the owner's pid.
 *
 * PGlite (megabytes of WASM and data: see docs/benchmarks/) is imported only here and only when a database is opened,
 * so a deployment on Postgres never loads it (docs/architecture.md, "Connections and poolers").
 */
export const DEFAULT_EMBEDDED_DIR = path.join(process.cwd(), ".data", "pglite");

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Locks the folder for this process (again, if it already holds it); the result releases it. */
export function acquireLock(dataDir: string): () => void {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(lockPath, "utf8").trim());
      if (owner === process.pid) return () => rmSync(lockPath, { force: true });
      if (Number.isInteger(owner) && owner > 0 && processIsAlive(owner)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${owner}. ` +
            "Stop that process (only one may open it), or set DATABASE_URL to use Postgres.",
        );
      }
      rmSync(lockPath, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not lock the embedded database in ${dataDir}`);
}

export async function loadPGlite(): Promise<typeof PGlite> {
  return (await import("@electric-sql/pglite")).PGlite;
}

export async function openEmbedded(dir: string): Promise<{ pglite: PGlite; release: () => void }> {
  const PGlite = await loadPGlite();
  if (dir === "memory://") return { pglite: new PGlite(), release: () => {} };
  mkdirSync(path.dirname(dir), { recursive: true }); // PGlite does not create parent folders
  const release = acquireLock(dir);
  const pglite = new PGlite(dir);
  const releaseOnExit = () => release();
  process.once("exit", releaseOnExit);
  return {
    pglite,
    release: () => {
      process.off("exit", releaseOnExit);
      release();
    },
  };
}

export function embeddedExists(dir: string): boolean {
  return dir !== "memory://" && existsSync(path.join(dir, "PG_VERSION"));
}

export function pgliteSession(pglite: PGlite): SqlSession {
  return {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await pglite.query<Row>(sql, params)).rows,
  };
}
