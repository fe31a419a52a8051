import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { database, db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { startMailServer } from "@/tests/mail";
import { failOutboxInserts } from "@/tests/outbox";
import { runOutbox } from "../outbox/outbox";
import { reminderKind, runExpiryReminders } from "./expiry-reminders";
import { runJob } from "./registry";

/**
 * The expiry reminders against Postgres and a real SMTP server (read by lib/env on first use,
 * so started before anything asks for it): who gets them, what they say, and that each goes out
 * once however often — or however concurrently — the job runs.
 */
const mail = await startMailServer();
process.env.SMTP_URL = mail.url;
process.env.NEXTAUTH_URL = "https://app.glyphic.test";

afterAll(() => mail.stop());

const DAY = 86_400_000;
const HOUR = 3_600_000;

async function organization() {
  const org = await createOrganization();
  const owner = await createMember(org.id, "OWNER");
  const admin = await createMember(org.id, "ADMIN");
  await createMember(org.id, "MEMBER");
  const key = async (name: string, expiresInMs: number | null) => {
    const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
    if (expiresInMs !== null) {
      await db.apiKey.update({
        where: { id: created.summary.id },
        data: { expiresAt: new Date(Date.now() + expiresInMs) },
      });
    }
    return created;
  };
  return { org, owner, admin, key };
}

const sentFor = (name: string) => mail.received.filter((email) => email.subject.includes(`"${name}"`));

describe("expiry reminders", () => {
  it("emails owners and admins once at 7 days and once at 1 day, never twice", async () => {
    const acme = await organization();
    const other = await organization();
    const week = await acme.key("Week key", 6 * DAY + 20 * HOUR);
    await acme.key("Later key", 30 * DAY);
    await acme.key("Forever key", null);
    const gone = await acme.key("Revoked key", 3 * DAY);
    await revokeApiKey({ organizationId: acme.org.id, userId: acme.admin.id, keyId: gone.summary.id });
    const rolled = await acme.key("Rolled key", 5 * DAY);
    await rollApiKey({ organizationId: acme.org.id, userId: acme.admin.id, keyId: rolled.summary.id, grace: "24h" });
    await other.key("Other org key", 2 * DAY);

    const first = await runJob("expiry-reminders");
    // Week key (7d), Other org key (7d window); the rolled key's replacement expires in 5 days too.
    expect(first).toMatchObject({
      job: "expiry-reminders",
      queued: 3,
      sent: 3,
      alreadySent: 0,
      failed: 0,
      complete: true,
    });
    await mail.waitFor(3);
    const [weekMail] = sentFor("Week key");
    expect(weekMail.recipients).toEqual([acme.owner.email, acme.admin.email].sort());
    expect(weekMail.subject).toBe('API key "Week key" expires in 7 days');
    expect(weekMail.text).toContain(acme.org.name);
    expect(weekMail.text).toContain(`Week key (${week.summary.prefix}…)`);
    expect(weekMail.text).toContain("https://app.glyphic.test/settings/api");
    expect(weekMail.text).not.toContain(week.key.slice(9, -6));
    expect(sentFor("Other org key")[0].recipients).toEqual([other.owner.email, other.admin.email].sort());
    expect(sentFor("Revoked key")).toEqual([]);
    expect(sentFor("Later key")).toEqual([]);
    expect(sentFor("Forever key")).toEqual([]);
    // The rolled key's end was chosen while rolling: only its replacement gets a reminder.
    expect(sentFor("Rolled key")).toHaveLength(1);

    const again = await runJob("expiry-reminders");
    expect(again).toMatchObject({ queued: 0, sent: 0, alreadySent: 3 });

    // Six days on, the week key is within a day of expiry (the others have expired): the 1-day
    // reminder, once.
    const sixDaysOn = new Date(Date.now() + 6 * DAY);
    const run = (now: Date) => database().withSession((s) => runExpiryReminders(s, { now }));
    expect(await run(sixDaysOn)).toMatchObject({ due: 1, sent: 1 });
    expect(await run(sixDaysOn)).toMatchObject({ due: 1, sent: 0, alreadySent: 1 });
    await mail.waitFor(4);
    expect(sentFor("Week key").map((email) => email.subject)).toEqual([
      'API key "Week key" expires in 7 days',
      'API key "Week key" expires in 20 hours',
    ]);
  });

  it("sends each reminder once when two runs overlap (the claim, not the lock, decides)", async () => {
    const acme = await organization();
    for (let index = 0; index < 5; index++) await acme.key(`Overlap ${index}`, 3 * DAY);
    const before = mail.received.length;
    const now = new Date();
    // Two sessions at once, without the job lease: what an overlap of two schedulers would do.
    const runs = await Promise.all([
      database().withSession((s) => runExpiryReminders(s, { now })),
      database().withSession((s) => runExpiryReminders(s, { now })),
    ]);
    const overlapSent = runs.reduce((sum, run) => sum + run.sent, 0);
    expect(overlapSent).toBe(5);
    await mail.waitFor(before + 5);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (let index = 0; index < 5; index++) expect(sentFor(`Overlap ${index}`)).toHaveLength(1);
  });

  it("gives a new expiry its own reminders", async () => {
    const acme = await organization();
    const key = await acme.key("Extended", 5 * DAY);
    const now = new Date();
    expect(await database().withSession((s) => runExpiryReminders(s, { now }))).toMatchObject({ sent: 1 });
    await db.apiKey.update({ where: { id: key.summary.id }, data: { expiresAt: new Date(Date.now() + 4 * DAY) } });
    expect(await database().withSession((s) => runExpiryReminders(s, { now }))).toMatchObject({ sent: 1 });
    expect(await db.keyExpiryReminder.count({ where: { apiKeyId: key.summary.id } })).toBe(2);
  });

  it("never leaves a claim without its email: when the email cannot be enqueued, neither exists", async () => {
    const acme = await organization();
    const key = await acme.key("Atomic", 3 * DAY);
    const now = new Date();
    const restore = await failOutboxInserts();
    try {
      await expect(database().withSession((s) => runExpiryReminders(s, { now }))).rejects.toThrow(
        /outbox insert refused/,
      );
    } finally {
      await restore();
    }
    expect(await db.keyExpiryReminder.count({ where: { apiKeyId: key.summary.id } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { sentAt: null } })).toBe(0);
    // The next run claims it and sends it.
    expect(await database().withSession((s) => runExpiryReminders(s, { now }))).toMatchObject({ queued: 1, sent: 1 });
    expect(await db.keyExpiryReminder.count({ where: { apiKeyId: key.summary.id } })).toBe(1);
  });

  it("keeps a reminder whose send failed in the outbox, which sends it later; no run claims it again", async () => {
    const acme = await organization();
    await acme.key("Mail down", 3 * DAY);
    const now = new Date();
    const before = mail.received.length;
    await mail.down();
    try {
      expect(await database().withSession((s) => runExpiryReminders(s, { now }))).toMatchObject({
        queued: 1,
        sent: 0,
        failed: 1,
      });
    } finally {
      await mail.up();
    }
    // Another run claims nothing again (the earlier tests' keys are all claimed too).
    const again = await database().withSession((s) => runExpiryReminders(s, { now }));
    expect(again).toMatchObject({ queued: 0, sent: 0 });
    expect(again.alreadySent).toBe(again.due);
    expect(mail.received.length).toBe(before);
    const [pending] = await db.outboxMessage.findMany({ where: { sentAt: null } });
    expect(await runOutbox({ now: () => pending.availableAt })).toMatchObject({ sent: 1 });
    await mail.waitFor(before + 1);
    expect(sentFor("Mail down")).toHaveLength(1);
  });

  it("stops starting work when its time budget is spent, says so, and the next run carries on", async () => {
    const acme = await organization();
    for (let index = 0; index < 3; index++) await acme.key(`Budget ${index}`, 3 * DAY);
    const now = new Date();
    const before = mail.received.length;
    const stopped = await database().withSession((s) => runExpiryReminders(s, { now, budgetMs: 0 }));
    expect(stopped).toMatchObject({ queued: 0, alreadySent: 0, sent: 0, complete: false });
    const next = await database().withSession((s) => runExpiryReminders(s, { now }));
    expect(next).toMatchObject({ queued: 3, sent: 3, complete: true });
    await mail.waitFor(before + 3);
    for (let index = 0; index < 3; index++) expect(sentFor(`Budget ${index}`)).toHaveLength(1);
  });

  it("picks the 1-day reminder within a day of expiry", () => {
    const now = new Date("2026-12-01T00:00:00Z");
    expect(reminderKind(now.getTime() + DAY, now)).toBe("1d");
    expect(reminderKind(now.getTime() + DAY + 1, now)).toBe("7d");
  });
});
