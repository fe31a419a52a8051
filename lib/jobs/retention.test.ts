import { beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { database, db, jobDatabase } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { withJobLease } from "./lease";
import { runJob } from "./registry";
import { runRetention } from "./retention";

const HOURS_PER_YEAR = 365 * 24;
const KEYS = 3;
// Start of the current hour: usage buckets are hour starts, and each test's cut-off then falls
// strictly between two buckets (a run sometime in this hour), so "older than" has one answer.
const anchor = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
const daysAgo = (days: number) => new Date(anchor.getTime() - days * 86_400_000);

/** A year of hourly usage for each key, newest at `anchor`, generated in SQL. */
async function insertYearOfUsage(organizationId: string) {
  await db.$executeRawUnsafe(
    `INSERT INTO "ApiKeyUsage" ("apiKeyId", "bucket", "requests")
     SELECT k."id", $2::timestamp - make_interval(hours => h), 1
     FROM "ApiKey" k CROSS JOIN generate_series(0, ${HOURS_PER_YEAR - 1}) AS h
     WHERE k."organizationId" = $1`,
    organizationId,
    anchor.toISOString(),
  );
}

/** One recorded request per key per day for 120 days, the newest at `anchor`, generated in SQL. */
const REQUEST_DAYS = 120;
async function insertRequests(organizationId: string) {
  await db.$executeRawUnsafe(
    `INSERT INTO "ApiRequest" ("apiKeyId", "at", "method", "path", "status", "clientAddress", "durationMs")
     SELECT k."id", $2::timestamp - make_interval(days => d), 'GET', '/api/v1/me', 200, '192.0.2.1', 3
     FROM "ApiKey" k CROSS JOIN generate_series(0, ${REQUEST_DAYS - 1}) AS d
     WHERE k."organizationId" = $1`,
    organizationId,
    anchor.toISOString(),
  );
}

async function insertAuditEvents(organizationId: string, ages: number[]) {
  for (const days of ages) {
    await db.auditEvent.create({
      data: {
        organizationId,
        action: "api_key.created",
        keyName: `aged ${days} days`,
        keyPrefix: "glyk_test",
        createdAt: daysAgo(days),
      },
    });
  }
}

beforeAll(async () => {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  for (let i = 0; i < KEYS; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `key ${i}` });
  await insertYearOfUsage(org.id);
  await insertRequests(org.id);
  // 731 and 800 days are past the default 730; 729 days and today are kept.
  await insertAuditEvents(org.id, [800, 731, 729, 0]);
});

describe("the retention job", () => {
  it("deletes exactly the usage rows and audit events older than the retention periods, in batches", async () => {
    const now = new Date(anchor.getTime() + 60_000);
    // Ids of written request batches are kept 7 days (a retry or sweep comes within minutes).
    await db.requestBatch.createMany({
      data: [
        { id: "batch-8-days", appliedAt: daysAgo(8) },
        { id: "batch-6-days", appliedAt: daysAgo(6) },
      ],
    });
    // Networks and permissions per key and day: kept as long as the usage counts.
    const key = await db.apiKey.findFirstOrThrow();
    const dayRow = (days: number) => ({ apiKeyId: key.id, day: daysAgo(days), lastAt: daysAgo(days), requests: 1 });
    await db.apiKeyNetwork.createMany({
      data: [91, 89].map((days) => ({ ...dayRow(days), network: "192.0.2.0/24", firstAt: daysAgo(days) })),
    });
    await db.apiKeyPermissionUse.createMany({
      data: [91, 89].map((days) => ({ ...dayRow(days), permission: "calls:read" })),
    });
    // Webhook events (with their deliveries) are kept 30 days.
    await db.webhookEvent.createMany({
      data: [31, 29].map((days) => ({
        id: `msg_aged_${days}`,
        organizationId: key.organizationId,
        type: "webhook.test",
        body: "{}",
        createdAt: daysAgo(days),
      })),
    });
    const summary = await database().withSession((session) => runRetention(session, { now, batchSize: 5_000 }));
    expect(summary.webhookEvent.deleted).toBe(1);
    expect((await db.webhookEvent.findMany()).map((row) => row.id)).toEqual(["msg_aged_29"]);
    expect([summary.apiKeyNetwork.deleted, summary.apiKeyPermissionUse.deleted]).toEqual([1, 1]);
    expect((await db.apiKeyNetwork.findMany()).map((row) => row.day)).toEqual([daysAgo(89)]);
    expect(summary.requestBatch.deleted).toBe(1);
    expect((await db.requestBatch.findMany()).map((row) => row.id)).toEqual(["batch-6-days"]);
    // Buckets 90 × 24 hours or more before the anchor are older than now − 90 days.
    const oldPerKey = HOURS_PER_YEAR - 90 * 24;
    expect(summary.apiKeyUsage.deleted).toBe(KEYS * oldPerKey);
    expect(summary.auditEvent.deleted).toBe(2);
    // Requests 90 days old or more (days 90…119) are at or before now − 90 days.
    expect(summary.apiRequest.deleted).toBe(KEYS * (REQUEST_DAYS - 90));
    expect(summary.apiRequest.before).toBe(summary.apiKeyUsage.before);
    expect(summary.complete).toBe(true);
    // 19,800 usage rows: three full batches and one of 4,800; one batch of requests, one of audit
    // events, one of request batch ids, one each of networks and permissions, one of webhook events.
    expect(summary.batches).toBe(10);
    expect(summary.apiKeyUsage.before).toBe(new Date(now.getTime() - 90 * 86_400_000).toISOString());

    expect(await db.apiKeyUsage.count()).toBe(KEYS * 90 * 24);
    const oldest = await db.apiKeyUsage.findFirstOrThrow({ orderBy: { bucket: "asc" } });
    expect(oldest.bucket.getTime()).toBe(daysAgo(90).getTime() + 3_600_000);
    const kept = await db.auditEvent.findMany({
      where: { keyName: { startsWith: "aged" } },
      select: { keyName: true },
      orderBy: { createdAt: "asc" },
    });
    expect(kept.map((event) => event.keyName)).toEqual(["aged 729 days", "aged 0 days"]);
    expect(await db.apiRequest.count()).toBe(KEYS * 90);
    const oldestRequest = await db.apiRequest.findFirstOrThrow({ orderBy: { at: "asc" } });
    expect(oldestRequest.at.getTime()).toBe(daysAgo(89).getTime());
  });

  it("deletes nothing when run again", async () => {
    const result = await runJob("retention");
    expect(result).toMatchObject({
      job: "retention",
      apiKeyUsage: { deleted: 0 },
      apiRequest: { deleted: 0 },
      auditEvent: { deleted: 0 },
    });
  });

  it("stops at its time budget and says so; the next run carries on", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id, "ADMIN");
    await createApiKey({ organizationId: org.id, userId: admin.id, name: "budget" });
    await insertYearOfUsage(org.id);
    const first = await database().withSession((session) => runRetention(session, { batchSize: 100, budgetMs: 0 }));
    expect(first.complete).toBe(false);
    const second = await database().withSession((session) => runRetention(session));
    expect(second.complete).toBe(true);
    expect(first.apiKeyUsage.deleted + second.apiKeyUsage.deleted).toBe(HOURS_PER_YEAR - 90 * 24);
  });
});

describe("one run at a time", () => {
  it("skips a run started while another holds retention's lease, and runs once it is given back", async () => {
    // Another instance's run, in progress for as long as ours is attempted.
    const ours = await withJobLease(jobDatabase().sql, "retention", () => runJob("retention"));
    expect(ours).toEqual({ job: "retention", skipped: "already running" });
    expect(await runJob("retention")).toMatchObject({ job: "retention", complete: true });
  });
});
