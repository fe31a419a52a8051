import { componentLogger } from "../log";
import { type SKIPPED, withJobLock } from "./lock";
import { runRetention } from "./retention";

const log = componentLogger("job");

/**
 * Every periodic job, by the name the cron route and `npm run job` take. A job gets the locked
 * database session (lib/jobs/lock.ts) and returns a summary: what it did, as JSON.
 */
const JOBS = {
  retention: runRetention,
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
  const summary = await withJobLock(name, (session) => JOBS[name](session));
  const result = { job: name, ...summary };
  log.info({ job: name, ...summary }, "job finished");
  return result;
}
