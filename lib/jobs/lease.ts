import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { SqlSession } from "../db/migrate";
import { componentLogger, errorReason } from "../log";

/**
 * At most one run of a job at a time, across every instance and every scheduler (Vercel Cron,
 * a crontab, an operator at a terminal): a run holds the job's row of "JobLease" until
 * `leaseUntil`, renews it every third of the lease while it works, and clears it at the end.
 * A holder that dies (killed, frozen, out of memory) stops renewing, and its lease expires.
 *
 * Every step is one statement on any connection — no session state, no advisory lock — so it
 * works through a transaction pooler and on the embedded database alike. Times are the
 * database's (now()), shared by every instance whatever their clocks say.
 */
// Short, so a dead holder keeps its job from running for at most 20 s (the serverless drill kills
// one mid-job); renewing every ~7 s costs one UPDATE per running job, nothing per request.
export const LEASE_MS = 20_000;

export type Skipped = { skipped: "already running" } | { skipped: "not due"; lastFinishedAt: string };

export const SKIPPED_RUNNING = { skipped: "already running" } as const;

export interface LeaseOptions {
  /** How long a lease lasts without renewal (default LEASE_MS). */
  leaseMs?: number;
  /**
   * Run only when the last successful run finished at least this long ago (decided in the same
   * statement that takes the lease, so two instances cannot both find the job due).
   */
  dueAfterMs?: number;
}

// Taken when no one holds it (or the holder's lease expired) and, for a scheduled run, when due.
const ACQUIRE = `INSERT INTO "JobLease" ("name", "holder", "leaseUntil", "lastStartedAt")
  VALUES ($1, $2, now() + $3::float8 * interval '1 millisecond', now())
  ON CONFLICT ("name") DO UPDATE
    SET "holder" = EXCLUDED."holder", "leaseUntil" = EXCLUDED."leaseUntil", "lastStartedAt" = EXCLUDED."lastStartedAt"
    WHERE ("JobLease"."leaseUntil" IS NULL OR "JobLease"."leaseUntil" < now())
      AND ($4::float8 IS NULL OR "JobLease"."lastFinishedAt" IS NULL
        OR "JobLease"."lastFinishedAt" <= now() - $4::float8 * interval '1 millisecond')
  RETURNING "holder"`;

const RENEW = `UPDATE "JobLease" SET "leaseUntil" = now() + $3::float8 * interval '1 millisecond'
  WHERE "name" = $1 AND "holder" = $2 RETURNING "name"`;

const RELEASE = `UPDATE "JobLease"
  SET "holder" = NULL, "leaseUntil" = NULL,
    "lastFinishedAt" = CASE WHEN $3::boolean THEN now() ELSE "lastFinishedAt" END
  WHERE "name" = $1 AND "holder" = $2`;

// Only to say why the lease was not taken.
const WHY_NOT = `SELECT ("leaseUntil" IS NOT NULL AND "leaseUntil" >= now()) AS "running",
    to_char("lastFinishedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastFinishedAt"
  FROM "JobLease" WHERE "name" = $1`;

/**
 * Runs `work` under the job's lease, or answers why not. A run that throws gives the lease back
 * without recording a finish, so a scheduled job stays due.
 */
export async function withJobLease<T>(
  sql: SqlSession,
  name: string,
  work: () => Promise<T>,
  options: LeaseOptions = {},
): Promise<T | Skipped> {
  const log = componentLogger("job");
  const leaseMs = options.leaseMs ?? LEASE_MS;
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const taken = await sql.query(ACQUIRE, [name, holder, leaseMs, options.dueAfterMs ?? null]);
  if (taken.length === 0) {
    const [row] = await sql.query<{ running: boolean; lastFinishedAt: string | null }>(WHY_NOT, [name]);
    if (!row || row.running || !row.lastFinishedAt) return SKIPPED_RUNNING;
    return { skipped: "not due", lastFinishedAt: row.lastFinishedAt };
  }
  let renewing: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(
    () => {
      renewing = renewing.then(async () => {
        try {
          const renewed = await sql.query(RENEW, [name, holder, leaseMs]);
          if (renewed.length === 0) log.warn({ job: name }, "job lease lost: another run may have started");
        } catch (error) {
          log.warn({ job: name, reason: errorReason(error) }, "job lease not renewed; retrying");
        }
      });
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  heartbeat.unref?.();
  let finished = false;
  try {
    const result = await work();
    finished = true;
    return result;
  } finally {
    clearInterval(heartbeat);
    await renewing;
    await sql.query(RELEASE, [name, holder, finished]).catch((error) => {
      // The lease expires on its own; the next run only waits for that.
      log.warn({ job: name, reason: errorReason(error) }, "job lease not released; it expires by itself");
    });
  }
}
