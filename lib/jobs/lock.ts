import { database } from "../db/client";
import type { SqlSession } from "../db/migrate";
import { processSingleton } from "../process-singleton";

/**
 * At most one run of a job at a time, across every instance and every scheduler (Vercel Cron,
 * a crontab, an operator at a terminal). A Postgres session-level advisory lock does that: it is
 * released when the job ends — or when its connection dies, so a crashed run never leaves it
 * held. The job works on the same session, in short statements of its own, so holding the lock
 * holds no row or table lock.
 *
 * Session locks are re-entrant within one session, and the embedded database has exactly one
 * session (and one process: its folder is locked), so this process also keeps the names of its
 * running jobs: on the embedded database that set is the lock; on Postgres it only saves a query.
 */
export const SKIPPED = { skipped: "already running" } as const;

// The advisory lock's first key: this project's jobs (the migration runner uses a single-key lock).
// The second is the job's name within the schema: advisory locks are per database, and two
// deployments (or test files) in different schemas of one database must not skip each other.
const JOB_LOCK_CLASS = 72_657_002;
const JOB_LOCK_KEY = "hashtext(current_schema() || ':' || $2)";

export async function withJobLock<T>(
  name: string,
  work: (session: SqlSession) => Promise<T>,
): Promise<T | typeof SKIPPED> {
  const running = processSingleton("running-jobs", () => new Set<string>());
  if (running.has(name)) return SKIPPED;
  running.add(name);
  try {
    return await database().withSession(async (session) => {
      const [{ locked }] = await session.query<{ locked: boolean }>(
        `SELECT pg_try_advisory_lock($1, ${JOB_LOCK_KEY}) AS locked`,
        [JOB_LOCK_CLASS, name],
      );
      if (!locked) return SKIPPED;
      try {
        return await work(session);
      } finally {
        await session.query(`SELECT pg_advisory_unlock($1, ${JOB_LOCK_KEY})`, [JOB_LOCK_CLASS, name]);
      }
    });
  } finally {
    running.delete(name);
  }
}
