import type { SqlSession } from "../db/migrate";
import { componentLogger } from "../log";
import { runOutbox } from "../outbox/outbox";
import { runFlushRequests } from "../requests/recorder";
import { runExpiryReminders } from "./expiry-reminders";
import { type SKIPPED, withJobLock } from "./lock";
import { runRetention } from "./retention";

const log = componentLogger("job");

/**
 * Every periodic job, by the name the cron route and `npm run job` take. A job gets the locked
 * database session (lib/jobs/lock.ts) and returns a summary: what it did, as JSON.
 */
type Job = (session: SqlSession) => Promise<Record<string, unknown>>;

const JOBS: Record<"retention" | "flush-requests" | "expiry-reminders" | "outbox", Job> = {
  retention: async (session) => ({ ...(await runRetention(session)) }),
  // Moves the Redis request buffer (Upstash deployments) to Postgres: lib/requests/recorder.ts.
  "flush-requests": async () => ({ ...(await runFlushRequests()) }),
  "expiry-reminders": async (session) => ({ ...(await runExpiryReminders(session)) }),
  outbox: async () => ({ ...(await runOutbox()) }),
};

export type JobName = keyof typeof JOBS;

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export type JobResult = { job: JobName } & (Record<string, unknown> | typeof SKIPPED);

/** Runs the job under its lock and logs one line with its summary (or that it was skipped). */
export async function runJob(name: JobName): Promise<JobResult> {
  const summary = await withJobLock(name, (session) => JOBS[name](session));
  const result = { job: name, ...summary };
  log.info({ job: name, ...summary }, "job finished");
  return result;
}
