import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { createApiKey } from "../commands/create";
import { revokeApiKey } from "../commands/revoke";
import { rollApiKey } from "../commands/roll";
import { KEY_LENGTH } from "../format";
import { apiKeyRowSchema, loadApiKeyTable } from "./rows";
import { keySlots } from "./summary";

describe("rows sent to the settings page (real database)", () => {
  it("carry the masked prefix, creator, dates, expiry and usage of every listed key, and nothing else", async () => {
    const org = await createOrganization();
    const ada = await createMember(org.id, "ADMIN", "Ada Admin");
    const bo = await createMember(org.id, "OWNER", "Bo Owner");
    const first = await createApiKey({ organizationId: org.id, userId: ada.id, name: "Warehouse export" });
    const second = await createApiKey({
      organizationId: org.id,
      userId: bo.id,
      name: "Zapier — production",
      expiresInDays: 30,
    });
    const revoked = await createApiKey({ organizationId: org.id, userId: bo.id, name: "Revoked" });
    await revokeApiKey({ organizationId: org.id, userId: bo.id, keyId: revoked.summary.id });
    const usedAt = new Date("2026-11-27T10:00:00Z");
    await db.apiKey.update({ where: { id: first.summary.id }, data: { lastUsedAt: usedAt } });
    const now = new Date();
    const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    await db.apiKeyUsage.create({ data: { apiKeyId: first.summary.id, bucket: hour, requests: 7, rateLimited: 2 } });

    const { rows, slots } = await loadApiKeyTable(org.id, now);
    expect(slots).toEqual({ active: 2, limit: 5 });
    // Every admin sees every key of the org, whoever created it.
    expect(rows.map((row) => [row.name, row.createdByName])).toEqual([
      ["Zapier — production", "Bo Owner"],
      ["Warehouse export", "Ada Admin"],
    ]);
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: first.summary.id } });
    expect(rows[1]).toEqual({
      id: first.summary.id,
      name: "Warehouse export",
      maskedKey: stored.prefix + "*".repeat(KEY_LENGTH - stored.prefix.length),
      createdAt: stored.createdAt.toISOString(),
      createdByName: "Ada Admin",
      lastUsedAt: usedAt.toISOString(),
      expiresAt: null,
      replacedById: null,
      allowedAddresses: [],
      permissions: ["calls:read"],
      previous: null,
      requests: {
        hourly: [...Array(23).fill(0), 7],
        requests24h: 7,
        rateLimited24h: 2,
        requests7d: 7,
        rateLimited7d: 2,
      },
    });
    expect(rows[0].lastUsedAt).toBeNull();
    expect(rows[0].expiresAt).toBe(second.summary.expiresAt?.toISOString());
    expect(rows[0].requests.requests7d).toBe(0);
    const payload = JSON.stringify(rows);
    expect(payload).not.toContain(stored.hash);
    expect(payload).not.toContain(first.key.slice(stored.prefix.length, stored.prefix.length + 8));
    expect(payload).not.toContain(second.key);
  });

  it("list a rolled key right below its replacement", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    const actor = { organizationId: org.id, userId: admin.id };
    const oldest = await createApiKey({ ...actor, name: "Rolled" });
    const middle = await createApiKey({ ...actor, name: "Untouched" });
    const rolled = await rollApiKey({ ...actor, keyId: oldest.summary.id, grace: "24h" });
    const { rows, slots } = await loadApiKeyTable(org.id);
    expect(rows.map((row) => [row.id, row.replacedById])).toEqual([
      [rolled.summary.id, null],
      [oldest.summary.id, rolled.summary.id],
      [middle.summary.id, null],
    ]);
    expect(slots.active).toBe(2);
    // The Roll dialog of the replacement learns that rolling it again ends the old key's grace.
    const oldRow = await db.apiKey.findUniqueOrThrow({ where: { id: oldest.summary.id } });
    expect(rows[0].previous).toEqual({
      maskedKey: oldRow.prefix + "*".repeat(KEY_LENGTH - oldRow.prefix.length),
      expiresAt: oldRow.expiresAt?.toISOString(),
    });
    expect(rows[1].previous).toBeNull();
  });

  it("count a rolled key whose replacement was revoked: it still works and holds a slot again", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    const actor = { organizationId: org.id, userId: admin.id };
    const old = await createApiKey({ ...actor, name: "Rolled" });
    await createApiKey({ ...actor, name: "Untouched" });
    const rolled = await rollApiKey({ ...actor, keyId: old.summary.id, grace: "7d" });
    await revokeApiKey({ ...actor, keyId: rolled.summary.id });
    const { rows, slots } = await loadApiKeyTable(org.id);
    expect(rows.map((row) => row.name)).toEqual(["Untouched", "Rolled"]);
    // The same count as the limit check uses.
    expect(slots).toEqual(await keySlots(org.id));
    expect(slots.active).toBe(2);
  });

  it("drops fields the schema does not name, such as a hash", () => {
    const parsed = apiKeyRowSchema.parse({
      id: "k1",
      name: "n",
      maskedKey: "glyk_abcd****",
      createdAt: "2026-11-27T10:00:00.000Z",
      createdByName: null,
      lastUsedAt: null,
      expiresAt: null,
      replacedById: null,
      allowedAddresses: [],
      permissions: ["calls:read"],
      previous: null,
      requests: { hourly: [], requests24h: 0, rateLimited24h: 0, requests7d: 0, rateLimited7d: 0 },
      hash: "0".repeat(64),
    });
    expect(Object.keys(parsed)).not.toContain("hash");
  });
});
