import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { hashApiKey } from "./format";
import { EXTENDED_KEY_LIMIT_FLAG } from "./limits";
import { type ApiKeyError, createApiKey, keyUsage, listActiveKeys, revokeApiKey } from "./service";

describe("API key service (real database)", () => {
  it("stores only the hash and display prefix, and lists the key newest first", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id, "ADMIN", "Ada Admin");
    const first = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse export" });
    const second = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Zapier — production" });
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: first.summary.id } });
    expect(stored.hash).toBe(hashApiKey(first.key));
    expect(JSON.stringify(stored)).not.toContain(first.key);
    expect(first.key.startsWith(stored.prefix)).toBe(true);
    const listed = await listActiveKeys(org.id);
    expect(listed.map((key) => key.name)).toEqual(["Zapier — production", "Warehouse export"]);
    expect(listed[0]).toMatchObject({ id: second.summary.id, createdByName: "Ada Admin", lastUsedAt: null });
    expect(Object.keys(listed[0])).not.toContain("hash");
  });

  it("shows Unknown when the creator left the workspace or was deleted", async () => {
    const org = await createOrganization();
    const leaver = await createMember(org.id);
    const deleted = await createMember(org.id);
    await createApiKey({ organizationId: org.id, userId: leaver.id, name: "left" });
    await createApiKey({ organizationId: org.id, userId: deleted.id, name: "deleted" });
    await db.membership.deleteMany({ where: { userId: leaver.id } });
    await db.user.delete({ where: { id: deleted.id } });
    const listed = await listActiveKeys(org.id);
    expect(listed.map((key) => [key.name, key.createdByName])).toEqual([
      ["deleted", null],
      ["left", null],
    ]);
  });

  it("enforces the limit atomically: 20 parallel creates with one free slot make one key", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    for (let i = 0; i < 4; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        createApiKey({ organizationId: org.id, userId: admin.id, name: `race ${i}` }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect((result.reason as ApiKeyError).code).toBe("limit_reached");
    }
    expect(await db.apiKey.count({ where: { organizationId: org.id } })).toBe(5);
    expect(await keyUsage(org.id)).toEqual({ active: 5, limit: 5 });
  });

  it("raises the limit to 50 with the extended flag", async () => {
    const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
    const admin = await createMember(org.id);
    for (let i = 0; i < 6; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    expect(await keyUsage(org.id)).toEqual({ active: 6, limit: 50 });
  });

  it("revokes once, frees the slot, and refuses other organizations' keys", async () => {
    const org = await createOrganization();
    const other = await createOrganization();
    const admin = await createMember(org.id);
    const outsider = await createMember(other.id);
    const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "to revoke" });
    await expect(
      revokeApiKey({ organizationId: other.id, userId: outsider.id, keyId: summary.id }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } })).revokedAt).toBeNull();

    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: summary.id })),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedById).toBe(admin.id);
    expect(await listActiveKeys(org.id)).toEqual([]);
    expect((await keyUsage(org.id)).active).toBe(0);
  });
});
