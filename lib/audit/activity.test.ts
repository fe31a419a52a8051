import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import {
  activityEventsSql,
  decodeActivityCursor,
  encodeActivityCursor,
  loadActivityKeyOptions,
  loadActivityPage,
  loadRecentActivity,
} from "./activity";

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

/** `count` events of one key, a second apart, newest first as "event 0", "event 1", … */
async function seedEvents(
  organizationId: string,
  apiKeyId: string | null,
  count: number,
  base = Date.now() - 3_600_000,
) {
  await db.auditEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organizationId,
      apiKeyId,
      action: "api_key.revoked",
      keyName: `event ${i}`,
      keyPrefix: "glyk_Page",
      createdAt: new Date(base - i * 1000),
    })),
  });
}

const names = (rows: { description: string }[]) => rows.map((row) => row.description.split("”")[0].slice(9));

describe("activity pages (real database)", () => {
  it("walks every event exactly once, newest first, by cursors, and ends with a null cursor", async () => {
    const org = await createOrganization();
    await seedEvents(org.id, null, 45);
    // Events in the same millisecond still have one order (by id) and none is skipped at a page edge.
    const tie = new Date(Date.now() - 7_200_000);
    await db.auditEvent.createMany({
      data: ["tie a", "tie b", "tie c"].map((keyName) => ({
        organizationId: org.id,
        action: "api_key.revoked",
        keyName,
        keyPrefix: "glyk_Page",
        createdAt: tie,
      })),
    });
    await seedEvents((await createOrganization()).id, null, 5);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const decoded = cursor ? (decodeActivityCursor(cursor) ?? undefined) : undefined;
      const page = await loadActivityPage(org.id, { cursor: decoded }, 20);
      seen.push(...names(page.events));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(48);
    expect(new Set(seen).size).toBe(48);
    expect(seen.slice(0, 45)).toEqual(Array.from({ length: 45 }, (_, i) => `event ${i}`));
    expect(seen.slice(45).sort()).toEqual(["tie a", "tie b", "tie c"]);
  });

  it("a page of exactly the remaining events says there is no next page", async () => {
    const org = await createOrganization();
    await seedEvents(org.id, null, 20);
    expect((await loadActivityPage(org.id, {}, 20)).nextCursor).toBeNull();
    await seedEvents(org.id, null, 1, Date.now() - 7_200_000);
    expect((await loadActivityPage(org.id, {}, 20)).nextCursor).not.toBeNull();
  });

  it("filters by key within the organization only; another organization's key finds nothing", async () => {
    const org = await createOrganization();
    const avery = await createMember(org.id, "ADMIN", "Avery Admin");
    const first = await createApiKey({ organizationId: org.id, userId: avery.id, name: "First" });
    const second = await createApiKey({ organizationId: org.id, userId: avery.id, name: "Second" });
    await revokeApiKey({ organizationId: org.id, userId: avery.id, keyId: first.summary.id });
    await seedEvents(org.id, second.summary.id, 25);
    const elsewhere = await createOrganization();
    const outsider = await createMember(elsewhere.id);
    const foreign = await createApiKey({ organizationId: elsewhere.id, userId: outsider.id, name: "Not ours" });

    const firstOnly = await loadActivityPage(org.id, { keyId: first.summary.id });
    expect(firstOnly.events.map((row) => row.description.split(" (")[0])).toEqual([
      "revoked “First”",
      "created “First”",
    ]);
    expect(firstOnly.nextCursor).toBeNull();

    const secondPage1 = await loadActivityPage(org.id, { keyId: second.summary.id });
    expect(secondPage1.events).toHaveLength(20);
    const rest = await loadActivityPage(org.id, {
      keyId: second.summary.id,
      cursor: decodeActivityCursor(secondPage1.nextCursor ?? "") ?? undefined,
    });
    expect(names(rest.events)).toEqual(Array.from({ length: 6 }, (_, i) => `event ${19 + i}`));
    expect(rest.nextCursor).toBeNull();

    expect(await loadActivityPage(org.id, { keyId: foreign.summary.id })).toEqual({ events: [], nextCursor: null });
    expect(await loadActivityPage(org.id, { keyId: "no-such-key" })).toEqual({ events: [], nextCursor: null });

    const options = await loadActivityKeyOptions(org.id);
    expect(options.map((key) => [key.name, key.revoked])).toEqual([
      ["Second", false],
      ["First", true],
    ]);
    expect(Object.keys(options[0]).sort()).toEqual(["id", "name", "prefix", "revoked"]);
  });

  it("uses the key index for a filtered page and seeks to the cursor", async () => {
    const org = await createOrganization();
    await seedEvents(org.id, "some-key", 30);
    const sql = activityEventsSql(org.id, { keyId: "some-key", cursor: { createdAt: new Date(), id: "z" } }, 21);
    // A 30-row table is cheaper to scan than to seek: the planner is told not to, to see the index it would use.
    const plan = await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
      return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql.text}`, ...sql.values);
    });
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain('Index Scan using "AuditEvent_organizationId_apiKeyId_createdAt_id_idx"');
    expect(text).toMatch(/Index Cond: .*ROW\("createdAt", id\) < ROW/);
  });
});

describe("activity cursors", () => {
  it("round-trip, and anything else is refused", () => {
    const position = { createdAt: new Date("2026-12-02T10:00:00.123Z"), id: "cmabc123" };
    expect(decodeActivityCursor(encodeActivityCursor(position))).toEqual(position);
    for (const bad of [
      "",
      "abc",
      "!!!",
      Buffer.from("123:").toString("base64url"),
      Buffer.from("x:id").toString("base64url"),
      "a".repeat(200),
      Buffer.from("1:a b").toString("base64url"),
      Buffer.from("1:a\u0000").toString("base64url"),
      // Year 33658 and year 10000: the ::timestamp cast refuses their ISO text (it was a 500).
      Buffer.from("999999999999999:cmabc").toString("base64url"),
      Buffer.from(`${Date.parse("+010000-01-01T00:00:00Z")}:cmabc`).toString("base64url"),
    ]) {
      expect(decodeActivityCursor(bad), bad).toBeNull();
    }
  });
});
