import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { setKeyPolicies } from "@/lib/api-keys/commands/policies";
import { NO_POLICY } from "@/lib/api-keys/policies";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { startMailServer } from "@/tests/mail";
import { runJob } from "./registry";

/**
 * The key-policies job against Postgres and a real SMTP server: idle keys and keys still
 * breaking a policy on its enforcement date are expired (audited), with the organization's
 * owners and admins emailed 7 days and 1 day before, once each.
 */
const mail = await startMailServer();
process.env.SMTP_URL = mail.url;
process.env.NEXTAUTH_URL = "https://app.glyphic.test";
afterAll(() => mail.stop());

const DAY = 86_400_000;
const sentFor = (name: string) => mail.received.filter((email) => email.subject.includes(`"${name}"`));

async function organization() {
  const org = await createOrganization();
  const owner = await createMember(org.id, "OWNER");
  const admin = await createMember(org.id, "ADMIN");
  await createMember(org.id, "MEMBER");
  /** A key last used `idleDays` ago (created long before). */
  const key = async (
    name: string,
    idleDays: number,
    extra: { permissions?: ("calls:read" | "keys:read" | "keys:write")[] } = {},
  ) => {
    const created = await createApiKey({ organizationId: org.id, userId: admin.id, name, ...extra });
    await db.apiKey.update({
      where: { id: created.summary.id },
      data: { createdAt: new Date(Date.now() - 400 * DAY), lastUsedAt: new Date(Date.now() - idleDays * DAY) },
    });
    return created.summary;
  };
  return { org, owner, admin, key };
}

describe("key policies over time", () => {
  it("expires keys unused for longer than the policy, warning owners and admins 7 days and 1 day before", async () => {
    const acme = await organization();
    const idle = await acme.key("Idle key", 95);
    const soon = await acme.key("Soon idle key", 84);
    const lastDay = await acme.key("Last day key", 89.5);
    const busy = await acme.key("Busy key", 1);
    await setKeyPolicies({
      organizationId: acme.org.id,
      userId: acme.owner.id,
      policy: { ...NO_POLICY, expireUnusedAfterDays: 90 },
    });

    const first = await runJob("key-policies");
    expect(first).toMatchObject({ expiredUnused: 1, expiredByPolicy: 0, queued: 2, failed: 0, complete: true });
    await mail.waitFor(2);
    const expired = await db.apiKey.findUniqueOrThrow({ where: { id: idle.id } });
    expect(expired.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now());
    expect(expired.revokedAt).toBeNull();
    const [warning] = sentFor("Soon idle key");
    expect(warning.subject).toBe('API key "Soon idle key" will be expired by policy in 6 days');
    expect(warning.recipients).toEqual([acme.owner.email, acme.admin.email].sort());
    expect(warning.text).toContain("has not been used for 90 days");
    expect(sentFor("Last day key")[0].subject).toMatch(/in 12 hours$/);
    expect(sentFor("Busy key")).toEqual([]);
    const events = await db.auditEvent.findMany({
      where: { organizationId: acme.org.id, action: "api_key.expired_by_policy" },
    });
    expect(events.map((event) => event.apiKeyId)).toEqual([idle.id]);

    // Once each: a second run sends nothing new and expires nothing more.
    const second = await runJob("key-policies");
    expect(second).toMatchObject({ expiredUnused: 0, queued: 0 });
    expect(sentFor("Soon idle key")).toHaveLength(1);
    for (const key of [soon, lastDay, busy]) {
      expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).expiresAt).toBeNull();
    }
  });

  it("expires keys still breaking a policy from its enforcement date, with a warning 7 days before", async () => {
    const acme = await organization();
    const forever = await acme.key("Forever key", 1);
    const writer = await acme.key("Open writer", 1, { permissions: ["calls:read", "keys:write"] });
    const within = await acme.key("Within key", 1);
    await db.apiKey.update({ where: { id: within.id }, data: { expiresAt: new Date(Date.now() + 20 * DAY) } });
    await setKeyPolicies({
      organizationId: acme.org.id,
      userId: acme.owner.id,
      policy: { ...NO_POLICY, maxKeyLifetimeDays: 30, enforceFrom: new Date(Date.now() + 5 * DAY) },
    });

    // Both keys that never expire break the 30-day maximum; the key within it is left alone.
    const before = mail.received.length;
    expect(await runJob("key-policies")).toMatchObject({ expiredByPolicy: 0, queued: 2 });
    await mail.waitFor(before + 2);
    expect(sentFor("Forever key")[0].text).toContain('"Maximum key lifetime"');
    expect(sentFor("Forever key")[0].subject).toMatch(/in 5 days$/);
    expect(sentFor("Open writer")).toHaveLength(1);
    expect(sentFor("Within key")).toEqual([]);

    await setKeyPolicies({
      organizationId: acme.org.id,
      userId: acme.owner.id,
      policy: {
        ...NO_POLICY,
        maxKeyLifetimeDays: 30,
        requireAllowedAddressesForWrite: true,
        enforceFrom: new Date(Date.now() - 1000),
      },
    });
    expect(await runJob("key-policies")).toMatchObject({ expiredByPolicy: 2 });
    const after = await db.apiKey.findMany({
      where: { organizationId: acme.org.id },
      select: { id: true, expiresAt: true },
    });
    const expiredIds = after
      .filter((key) => key.expiresAt && key.expiresAt.getTime() <= Date.now())
      .map((key) => key.id);
    expect(expiredIds.sort()).toEqual([forever.id, writer.id].sort());
    const activity = await db.auditEvent.findMany({
      where: { organizationId: acme.org.id, action: "api_key.expired_by_policy" },
      select: { details: true },
    });
    expect(activity.every((event) => (event.details as { reason: string }).reason === "policy")).toBe(true);
  });
});
