import { describe, expect, it } from "vitest";
import { jobDatabase } from "@/lib/db/client";
import { withJobLease } from "./lease";
import { MAINTENANCE_SCHEDULE, runJob } from "./registry";

/**
 * The job lease (lib/jobs/lease.ts) on whichever database the suite runs: Postgres or embedded.
 * Runs of one job exclude each other through the JobLease row only — no advisory lock, no session.
 */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const sql = () => jobDatabase().sql;

type MaintenanceResult = { jobs: Record<string, Record<string, unknown>> };
const maintenance = async (options?: { budgetMs: number }) =>
  (await runJob("maintenance", options)) as unknown as MaintenanceResult;

async function leaseRow(name: string) {
  const [row] = await sql().query<{ holder: string | null; leaseUntil: Date | null; lastFinishedAt: Date | null }>(
    `SELECT "holder", "leaseUntil", "lastFinishedAt" FROM "JobLease" WHERE "name" = $1`,
    [name],
  );
  return row;
}

describe("job lease", () => {
  it("lets one of two concurrent runs work and skips the other", async () => {
    let runs = 0;
    const work = async () => {
      runs++;
      await sleep(200);
      return { done: true };
    };
    const results = await Promise.all([withJobLease(sql(), "lease-a", work), withJobLease(sql(), "lease-a", work)]);
    expect(results).toContainEqual({ done: true });
    expect(results).toContainEqual({ skipped: "already running" });
    expect(runs).toBe(1);
    const row = await leaseRow("lease-a");
    expect(row.holder).toBeNull();
    expect(row.leaseUntil).toBeNull();
    expect(row.lastFinishedAt).toBeInstanceOf(Date);
  });

  it("runs again once a dead holder's lease has expired", async () => {
    // A run that died mid-way: its row still names it, with a lease a moment into the future.
    await sql().query(
      `INSERT INTO "JobLease" ("name", "holder", "leaseUntil", "lastStartedAt")
       VALUES ('retention', 'dead-host:1:gone', now() + interval '400 milliseconds', now())`,
    );
    expect(await runJob("retention")).toEqual({ job: "retention", skipped: "already running" });
    await sleep(500);
    const result = await runJob("retention");
    expect(result).toMatchObject({ job: "retention", complete: true });
    expect((await leaseRow("retention")).holder).toBeNull();
  });

  it("renews the lease while the job works, so a long run is never taken over", async () => {
    const leaseMs = 300;
    const long = withJobLease(sql(), "lease-b", () => sleep(1_000).then(() => "finished"), { leaseMs });
    await sleep(700); // past the first lease: only the heartbeat keeps it
    expect(await withJobLease(sql(), "lease-b", async () => "second", { leaseMs })).toEqual({
      skipped: "already running",
    });
    expect(await long).toBe("finished");
    expect(await withJobLease(sql(), "lease-b", async () => "third", { leaseMs })).toBe("third");
  });

  it("gives the lease back when the job throws, without recording a finish", async () => {
    await expect(
      withJobLease(sql(), "lease-c", async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const row = await leaseRow("lease-c");
    expect(row.holder).toBeNull();
    expect(row.lastFinishedAt).toBeNull();
    expect(await withJobLease(sql(), "lease-c", async () => "again", { dueAfterMs: 3_600_000 })).toBe("again");
  });
});

describe("maintenance", () => {
  it("runs every due job, then only those due again, and says why the others were skipped", async () => {
    expect(MAINTENANCE_SCHEDULE.map((entry) => entry.job)).toEqual([
      "flush-requests",
      "expiry-reminders",
      "key-policies",
      "outbox",
      "webhooks",
      "retention",
    ]);
    await sql().exec(`DELETE FROM "JobLease"`); // no job has run yet
    const first = await runJob("maintenance");
    expect(first).toMatchObject({
      job: "maintenance",
      jobs: {
        "flush-requests": { countRows: 0, requests: 0 },
        "expiry-reminders": { sent: 0, failed: 0 },
        "key-policies": { expiredUnused: 0, expiredByPolicy: 0, complete: true },
        outbox: { sent: 0, failed: 0 },
        webhooks: { sent: 0, disabledEndpoints: 0 },
        retention: { complete: true },
      },
    });
    expect(first).not.toHaveProperty("failedJobs");

    const second = await maintenance();
    expect(second.jobs["flush-requests"]).toEqual({ countRows: 0, requests: 0 });
    expect(second.jobs["expiry-reminders"]).toMatchObject({ skipped: "not due" });
    expect(second.jobs.outbox).toMatchObject({ sent: 0, failed: 0 }); // every run
    expect(second.jobs.webhooks).toMatchObject({ sent: 0, failed: 0 }); // every run
    expect(second.jobs.retention).toMatchObject({ skipped: "not due" });
    expect(Date.parse(second.jobs.retention.lastFinishedAt as string)).toBeGreaterThan(Date.now() - 60_000);

    // Two hours on for the hourly job, and another instance is in the middle of retention.
    await sql().query(
      `UPDATE "JobLease" SET "lastFinishedAt" = now() - interval '2 hours' WHERE "name" = 'expiry-reminders'`,
    );
    await sql().query(
      `UPDATE "JobLease" SET "lastFinishedAt" = now() - interval '2 days', "holder" = 'other:1:x',
         "leaseUntil" = now() + interval '1 minute' WHERE "name" = 'retention'`,
    );
    const third = await maintenance();
    expect(third.jobs["expiry-reminders"]).toMatchObject({ sent: 0 });
    expect(third.jobs.retention).toEqual({ skipped: "already running" });

    // That instance died: once its lease has passed, the overdue job runs.
    await sql().query(`UPDATE "JobLease" SET "leaseUntil" = now() - interval '1 second' WHERE "name" = 'retention'`);
    const fourth = await maintenance();
    expect(fourth.jobs.retention).toMatchObject({ complete: true });
    expect(fourth.jobs["expiry-reminders"]).toMatchObject({ skipped: "not due" });
  });

  it("starts no job once its time budget is spent", async () => {
    const result = await maintenance({ budgetMs: 0 });
    for (const { job } of MAINTENANCE_SCHEDULE) expect(result.jobs[job]).toEqual({ skipped: "no time left" });
  });
});
