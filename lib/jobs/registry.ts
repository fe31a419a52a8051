import type { SqlSession } from "../db/migrate";
import { runExpiryReminders } from "./expiry-reminders";
import { type SKIPPED, withJobLock } from "./lock";
import { runRetention } from "./retention";

/**
 * Every periodic job, by the name the cron route and `npm run job` take. A job gets the locked
 * database session (lib/jobs/lock.ts) and returns a summary: what it did, as JSON.
 */
const JOBS = {
  retention: runRetention,
  "expiry-reminders": runExpiryReminders,
} as const;

export type JobName = keyof typeof JOBS;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export type JobResult =
  | ({ job: JobName } & Awaited<ReturnType<(typeof JOBS)[JobName]>>)
  | ({ job: JobName } & typeof SKIPPED);

/** Runs the job under its lock and logs one line with its summary (or that it was skipped). */
export async function runJob(name: JobName): Promise<JobResult> {
  // Widened to one signature: indexing JOBS by a union name gives a union of functions.
  const job = JOBS[name] as (session: SqlSession) => Promise<object>;
  const summary = await withJobLock(name, job);
  const result = { job: name, ...summary } as JobResult;
  console.info(`[job] ${name}: ${JSON.stringify(summary)}`);
  return result;
}
