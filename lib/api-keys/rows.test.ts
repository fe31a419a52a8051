import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { KEY_LENGTH } from "./format";
import { apiKeyRowSchema, loadApiKeyTable } from "./rows";
import { createApiKey, revokeApiKey } from "./service";

describe("rows sent to the settings page (real database)", () => {
  it("carry the masked prefix, creator and dates of every active key, newest first, and nothing else", async () => {
    const org = await createOrganization();
    const ada = await createMember(org.id, "ADMIN", "Ada Admin");
    const bo = await createMember(org.id, "OWNER", "Bo Owner");
    const first = await createApiKey({ organizationId: org.id, userId: ada.id, name: "Warehouse export" });
    const second = await createApiKey({ organizationId: org.id, userId: bo.id, name: "Zapier — production" });
    const revoked = await createApiKey({ organizationId: org.id, userId: bo.id, name: "Revoked" });
    await revokeApiKey({ organizationId: org.id, userId: bo.id, keyId: revoked.summary.id });
    const usedAt = new Date("2026-11-27T10:00:00Z");
    await db.apiKey.update({ where: { id: first.summary.id }, data: { lastUsedAt: usedAt } });

    const { rows, usage } = await loadApiKeyTable(org.id);
    expect(usage).toEqual({ active: 2, limit: 5 });
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
    });
    expect(rows[0].lastUsedAt).toBeNull();
    const payload = JSON.stringify(rows);
    expect(payload).not.toContain(stored.hash);
    expect(payload).not.toContain(first.key.slice(stored.prefix.length, stored.prefix.length + 8));
    expect(payload).not.toContain(second.key);
  });

  it("drops fields the schema does not name, such as a hash", () => {
    const parsed = apiKeyRowSchema.parse({
      id: "k1",
      name: "n",
      maskedKey: "glyk_abcd****",
      createdAt: "2026-11-27T10:00:00.000Z",
      createdByName: null,
      lastUsedAt: null,
      hash: "0".repeat(64),
    });
    expect(Object.keys(parsed)).not.toContain("hash");
  });
});
