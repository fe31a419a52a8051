import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { watchInvalidations } from "@/tests/invalidation-spy";
import type { ApiKeyError } from "../errors";
import { DAY_MS } from "../expiry";
import { hashApiKey } from "../format";
import { EXTENDED_KEY_LIMIT_FLAG } from "../limits";
import { keySlots, listKeys } from "../views/summary";
import { createApiKey } from "./create";
import { revokeApiKey } from "./revoke";

vi.mock("@/lib/api-keys/verification/invalidation", () => import("@/tests/invalidation-spy"));

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
    const listed = await listKeys(org.id);
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
    const listed = await listKeys(org.id);
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
    expect(await keySlots(org.id)).toEqual({ active: 5, limit: 5 });
  });

  it("raises the limit to 50 with the extended flag", async () => {
    const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
    const admin = await createMember(org.id);
    for (let i = 0; i < 6; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    expect(await keySlots(org.id)).toEqual({ active: 6, limit: 50 });
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
    expect(await listKeys(org.id)).toEqual([]);
    expect((await keySlots(org.id)).active).toBe(0);
  });

  it("sets the chosen expiry, and records creation and revocation with actor, name and prefix", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    const before = Date.now();
    const { summary } = await createApiKey({
      organizationId: org.id,
      userId: admin.id,
      name: "Quarterly",
      expiresInDays: 90,
    });
    expect(summary.expiresAt?.getTime()).toBe(summary.createdAt.getTime() + 90 * DAY_MS);
    expect(summary.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    const never = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Forever" });
    expect(never.summary.expiresAt).toBeNull();
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: summary.id });

    const events = await db.auditEvent.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((event) => [event.action, event.keyName, event.keyPrefix, event.actorId, event.details])).toEqual(
      [
        ["api_key.created", "Quarterly", summary.prefix, admin.id, { expiresInDays: 90 }],
        ["api_key.created", "Forever", never.summary.prefix, admin.id, { expiresInDays: null }],
        ["api_key.revoked", "Quarterly", summary.prefix, admin.id, null],
      ],
    );
    expect(JSON.stringify(events)).not.toContain(never.key);
  });

  it("counts only active keys: expired and rolled keys stay listed but free their slot", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    const actor = { organizationId: org.id, userId: admin.id };
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push((await createApiKey({ ...actor, name: `k${i}`, expiresInDays: 30 })).summary.id);
    await expect(createApiKey({ ...actor, name: "sixth" })).rejects.toMatchObject({ code: "limit_reached" });
    // Expired a second ago: listed (until revoked), but no longer counted.
    await db.apiKey.update({ where: { id: ids[0] }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await keySlots(org.id)).toEqual({ active: 4, limit: 5 });
    expect((await listKeys(org.id)).map((key) => key.id)).toContain(ids[0]);
    const sixth = await createApiKey({ ...actor, name: "sixth" });
    expect(await keySlots(org.id)).toEqual({ active: 5, limit: 5 });
    // Expiring in the future still counts; "now" is the boundary.
    const soon = new Date(Date.now() + 60_000);
    await db.apiKey.update({ where: { id: ids[1] }, data: { expiresAt: soon } });
    expect((await keySlots(org.id)).active).toBe(5);
    expect((await keySlots(org.id, new Date(soon.getTime() + 1))).active).toBe(4);
    // Revoking the expired key clears it from the table; the count is unchanged.
    await revokeApiKey({ ...actor, keyId: ids[0] });
    expect((await listKeys(org.id)).map((key) => key.id)).not.toContain(ids[0]);
    expect((await keySlots(org.id)).active).toBe(5);
    expect(sixth.summary.expiresAt).toBeNull();
  });

  it("writes no key and no audit event when the limit refuses a create", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    for (let i = 0; i < 5; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    await expect(createApiKey({ organizationId: org.id, userId: admin.id, name: "over" })).rejects.toMatchObject({
      code: "limit_reached",
    });
    expect(await db.auditEvent.count({ where: { organizationId: org.id } })).toBe(5);
  });

  it("tells caches to forget a revoked key after the commit and before it returns", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id);
    const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "cached" });
    const invalidated = watchInvalidations();
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: created.summary.id });
    expect(invalidated).toEqual([
      { hash: hashApiKey(created.key), observed: expect.objectContaining({ revokedAt: expect.any(Date) }) },
    ]);
  });
});
