import { describe, expect, it } from "vitest";
import { rollApiKey } from "@/lib/api-keys/lifecycle";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { loadRecentActivity } from "./activity";

describe("recent activity (real database)", () => {
  it("lists the organization's events newest first, as sentences with the actor", async () => {
    const org = await createOrganization();
    const avery = await createMember(org.id, "ADMIN", "Avery Admin");
    const actor = { organizationId: org.id, userId: avery.id };
    const created = await createApiKey({ ...actor, name: "Zapier — production", expiresInDays: 30 });
    const rolled = await rollApiKey({ ...actor, keyId: created.summary.id, grace: "1h" });
    await revokeApiKey({ ...actor, keyId: rolled.summary.id });
    const elsewhere = await createOrganization();
    const outsider = await createMember(elsewhere.id);
    await createApiKey({ organizationId: elsewhere.id, userId: outsider.id, name: "Not ours" });

    const activity = await loadRecentActivity(org.id);
    const prefix = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } }).then((key) => key.prefix);
    const [oldPrefix, newPrefix] = [await prefix(created.summary.id), await prefix(rolled.summary.id)];
    expect(activity.map((row) => `${row.actorName} ${row.description}`)).toEqual([
      `Avery Admin revoked “Zapier — production” (${newPrefix}…)`,
      `Avery Admin rolled “Zapier — production” (${oldPrefix}…) to a new key (${newPrefix}…), with a 1-hour grace period`,
      `Avery Admin created “Zapier — production” (${oldPrefix}…), expiring after 30 days`,
    ]);
    expect(Object.keys(activity[0]).sort()).toEqual(["actorName", "createdAt", "description", "id"]);
    expect(JSON.stringify(activity)).not.toContain(created.key);
  });

  it("keeps events after their actor leaves or is deleted, shown as Unknown, and returns the latest 20", async () => {
    const org = await createOrganization();
    const leaver = await createMember(org.id, "ADMIN", "Lee Leaver");
    const deleted = await createMember(org.id, "ADMIN", "Dee Deleted");
    const stayer = await createMember(org.id, "ADMIN", "Sam Stayer");
    await createApiKey({ organizationId: org.id, userId: leaver.id, name: "by leaver" });
    await createApiKey({ organizationId: org.id, userId: deleted.id, name: "by deleted" });
    await createApiKey({ organizationId: org.id, userId: stayer.id, name: "by stayer" });
    await db.membership.deleteMany({ where: { userId: leaver.id } });
    await db.user.delete({ where: { id: deleted.id } });

    const activity = await loadRecentActivity(org.id);
    expect(activity.map((row) => [row.actorName, row.description.split(" (")[0]])).toEqual([
      ["Sam Stayer", "created “by stayer”"],
      [null, "created “by deleted”"],
      [null, "created “by leaver”"],
    ]);
    expect(await db.auditEvent.count({ where: { organizationId: org.id, actorId: null } })).toBe(1);

    const base = Date.now() - 60_000;
    await db.auditEvent.createMany({
      data: Array.from({ length: 25 }, (_, i) => ({
        organizationId: org.id,
        actorId: stayer.id,
        action: "api_key.revoked",
        keyName: `old ${i}`,
        keyPrefix: "glyk_Old0",
        createdAt: new Date(base - i * 1000),
      })),
    });
    const latest = await loadRecentActivity(org.id);
    expect(latest).toHaveLength(20);
    expect(latest.slice(0, 3).map((row) => row.description.split(" (")[0])).toEqual([
      "created “by stayer”",
      "created “by deleted”",
      "created “by leaver”",
    ]);
    expect(latest.at(-1)?.description).toBe("revoked “old 16” (glyk_Old0…)");
  });
});
