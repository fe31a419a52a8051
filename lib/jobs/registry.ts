import { jobDatabase } from "../db/client";
import type { SqlSession } from "../db/migrate";
import { isDatabaseUnavailable } from "../db/unavailable";
import { componentLogger, errorReason } from "../log";
import { runOutbox } from "../outbox/outbox";
import { runFlushRequests } from "../requests/recorder";
import { runWebhooks } from "../webhook-endpoints/job";
import { runExpiryReminders } from "./expiry-reminders";
import { runKeyPolicies } from "./key-policies";
import { type LeaseOptions, type Skipped, withJobLease } from "./lease";
import { runRetention } from "./retention";

const log = componentLogger("job");

/**
 * Every periodic job, by the name the cron route and `npm run job` take. A job gets a session
 * whose statements each run on any pooled connection (jobDatabase: DIRECT_URL when set) and the
 * time it may take, and returns a summary: what it did, as JSON.
 */
interface JobContext {
  session: SqlSession;
  /** Stop starting new work after this long (the caller's time budget). */
  budgetMs: number;
}

type Job = (context: JobContext) => Promise<Record<string, unknown>>;

type LeasedJobName = "retention" | "flush-requests" | "expiry-reminders" | "key-policies" | "outbox" | "webhooks";

const JOBS: Record<LeasedJobName, Job> = {
  retention: async ({ session, budgetMs }) => ({ ...(await runRetention(session, { budgetMs })) }),
  // Moves the Redis request buffer (Upstash deployments) to Postgres: lib/requests/recorder.ts.
  "flush-requests": async () => ({ ...(await runFlushRequests()) }),
  "expiry-reminders": async ({ session, budgetMs }) => ({ ...(await runExpiryReminders(session, { budgetMs })) }),
  // Expires keys unused too long or breaking a policy after its enforcement date: lib/jobs/key-policies.ts.
  "key-policies": async ({ budgetMs }) => ({ ...(await runKeyPolicies({ budgetMs })) }),
  // Sends (and retries) the notification emails waiting in the outbox: lib/outbox/outbox.ts.
  outbox: async () => ({ ...(await runOutbox()) }),
  // Sends due webhook attempts and disables endpoints failing for 5 days: lib/webhook-endpoints/job.ts.
  webhooks: async ({ budgetMs }) => ({ ...(await runWebhooks({ budgetMs })) }),
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * What `maintenance` runs, in this order, and how often each job is due (0: every run). Due-ness
 * is read from JobLease.lastFinishedAt, shared by every instance. A new job is one line here.
 */
export const MAINTENANCE_SCHEDULE: readonly { job: LeasedJobName; everyMs: number }[] = [
  { job: "flush-requests", everyMs: 0 },
  { job: "expiry-reminders", everyMs: HOUR_MS },
  { job: "key-policies", everyMs: HOUR_MS },
  // After the reminders, so what they queued goes out in the same run.
  { job: "outbox", everyMs: 0 },
  // After the jobs that write webhook events (reminders, key policies), like the outbox.
  { job: "webhooks", everyMs: 0 },
  { job: "retention", everyMs: DAY_MS },
];

/**
 * Schedulers fire late or early (Vercel Hobby anywhere within the scheduled hour), so a job is due
 * once 90 % of its interval has passed since it last finished: a daily job run at 03:59 one day
 * is due again at 03:00 the next.
 */
export const DUE_FRACTION = 0.9;

/** Vercel's limit for one invocation is 300 s (the cron route's maxDuration): stop well before. */
export const MAINTENANCE_BUDGET_MS = 240_000;
/** A job is not started with less than this left of the budget. */
const MIN_JOB_MS = 5_000;

export const JOB_NAMES = [...Object.keys(JOBS), "maintenance"] as (LeasedJobName | "maintenance")[];

export type JobName = (typeof JOB_NAMES)[number];

export function isJobName(name: string): name is JobName {
  return (JOB_NAMES as string[]).includes(name);
}

export type JobResult = { job: JobName } & Record<string, unknown>;

interface RunOptions {
  /** Time budget (maintenance: for all its jobs; retention: for its batches). */
  budgetMs?: number;
  lease?: LeaseOptions;
}

/** Runs the job under its lease and logs one line with its summary (or why it was skipped). */
export async function runJob(name: JobName, options: RunOptions = {}): Promise<JobResult> {
  const summary: Record<string, unknown> =
    name === "maintenance" ? await runMaintenance(options) : await runLeased(name, options);
  const result = { job: name, ...summary };
  log.info(result, "job finished");
  return result;
}

function runLeased(name: LeasedJobName, options: RunOptions): Promise<Record<string, unknown> | Skipped> {
  const { sql } = jobDatabase();
  const budgetMs = options.budgetMs ?? MAINTENANCE_BUDGET_MS;
  return withJobLease(sql, name, () => JOBS[name]({ session: sql, budgetMs }), options.lease);
}

/**
 * Every job that is due, each under its own lease, within the time budget. A job that fails is
 * reported (and logged) and the others still run; an unreachable database stops the run.
 */
async function runMaintenance(options: RunOptions): Promise<Record<string, unknown>> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? MAINTENANCE_BUDGET_MS;
  const jobs: Record<string, unknown> = {};
  const failed: string[] = [];
  for (const { job, everyMs } of MAINTENANCE_SCHEDULE) {
    const leftMs = budgetMs - (performance.now() - started);
    if (leftMs < MIN_JOB_MS) {
      jobs[job] = { skipped: "no time left" };
      continue;
    }
    try {
      jobs[job] = await runLeased(job, {
        budgetMs: leftMs,
        lease: { ...options.lease, dueAfterMs: everyMs * DUE_FRACTION },
      });
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw error;
      log.error({ job, err: error, reason: errorReason(error) }, "job failed");
      jobs[job] = { failed: "the server log says why" };
      failed.push(job);
    }
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  return failed.length > 0 ? { jobs, seconds, failedJobs: failed } : { jobs, seconds };
}
