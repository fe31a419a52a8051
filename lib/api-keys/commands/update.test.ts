import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { orgWithAdmin } from "@/tests/factories";
import { watchInvalidations } from "@/tests/invalidation-spy";
import { DAY_MS } from "../expiry";
import { hashApiKey } from "../format";
import { keySlots } from "../views/summary";
import { revokeApiKey } from "./revoke";
import { rollApiKey } from "./roll";
import { changeApiKeyExpiry, renameApiKey } from "./update";

vi.mock("@/lib/api-keys/verification/invalidation", () => import("@/tests/invalidation-spy"));

describe("rename (real database)", () => {
  it("renames the key, keeps it working, and records old and new name", async () => {
    const { org, admin, actor, create } = await orgWithAdmin();
    const created = await create("Zapier");
    const seen = watchInvalidations();
    expect(await renameApiKey({ ...actor, keyId: created.summary.id, name: "Zapier — production" })).toEqual({
      id: created.summary.id,
      name: "Zapier — production",
    });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.summary.id } });
    expect(row).toMatchObject({ name: "Zapier — production", hash: hashApiKey(created.key), revokedAt: null });
    const events = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "api_key.renamed" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: admin.id,
      apiKeyId: created.summary.id,
      keyName: "Zapier — production",
      keyPrefix: row.prefix,
      details: { previousName: "Zapier" },
    });
    // /api/v1/me reports the name: caches are told to refresh it.
    expect(seen.map((entry) => entry.hash)).toEqual([row.hash]);
  });

  it("records nothing when the name is unchanged, and refuses revoked and other organizations' keys", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const created = await create("Same");
    await renameApiKey({ ...actor, keyId: created.summary.id, name: "Same" });
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "api_key.renamed" } })).toBe(0);

    const other = await orgWithAdmin();
    await expect(renameApiKey({ ...other.actor, keyId: created.summary.id, name: "Hijacked" })).rejects.toMatchObject({
      code: "not_found",
    });
    await revokeApiKey({ ...actor, keyId: created.summary.id });
    await expect(renameApiKey({ ...actor, keyId: created.summary.id, name: "Late" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.summary.id } })).name).toBe("Same");
  });
});

describe("concurrent changes to one organization (real database)", () => {
  it("roll, rename, revoke, expiry change and create at once: no deadlock, every change audited once", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const [a, b, c] = [await create("a"), await create("b"), await create("c")];
    const results = await Promise.allSettled([
      rollApiKey({ ...actor, keyId: a.summary.id, grace: "1h" }),
      renameApiKey({ ...actor, keyId: a.summary.id, name: "a renamed" }),
      revokeApiKey({ ...actor, keyId: a.summary.id }),
      changeApiKeyExpiry({ ...actor, keyId: b.summary.id, expiresInDays: 30 }),
      rollApiKey({ ...actor, keyId: b.summary.id, grace: "now" }),
      revokeApiKey({ ...actor, keyId: c.summary.id }),
      renameApiKey({ ...actor, keyId: c.summary.id, name: "c renamed" }),
      create("d"),
    ]);
    // Whatever the order, a failure is only ever "not found" (the key had moved on), never a deadlock.
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "not_found" });
    }
    const succeeded = results.filter((result) => result.status === "fulfilled").length;
    const creations = 3 + 1; // a, b, c before; d now
    const events = await db.auditEvent.count({ where: { organizationId: org.id } });
    expect(events).toBe(creations + succeeded - 1);
    expect((await keySlots(org.id)).active).toBeLessThanOrEqual(5);
  });
});

describe("expiry changes (real database)", () => {
  it("sets or clears an active key's expiry from now, records it, and invalidates after the commit", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const key = await create("Rotating", 30);
    const seen = watchInvalidations();
    const before = Date.now();
    const changed = await changeApiKeyExpiry({ ...actor, keyId: key.summary.id, expiresInDays: 90 });
    expect(changed.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + 90 * DAY_MS);
    expect(seen[0].observed).toMatchObject({ expiresAt: changed.expiresAt });
    await changeApiKeyExpiry({ ...actor, keyId: key.summary.id, expiresInDays: null });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.summary.id } })).expiresAt).toBeNull();
    const events = await db.auditEvent.findMany({
      where: { organizationId: org.id, action: "api_key.expiry_changed" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((event) => (event.details as { expiresInDays: number | null }).expiresInDays)).toEqual([
      90,
      null,
    ]);
    expect(seen).toHaveLength(2);
  });

  it("refuses expired, rolled and other organizations' keys", async () => {
    const { actor, create } = await orgWithAdmin();
    const expired = await create("expired", 30);
    await db.apiKey.update({ where: { id: expired.summary.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const rolled = await create("rolled");
    await rollApiKey({ ...actor, keyId: rolled.summary.id, grace: "24h" });
    const other = await orgWithAdmin();
    const foreign = await other.create("foreign");
    for (const keyId of [expired.summary.id, rolled.summary.id, foreign.summary.id]) {
      await expect(changeApiKeyExpiry({ ...actor, keyId, expiresInDays: null })).rejects.toMatchObject({
        code: "not_found",
      });
    }
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: foreign.summary.id } })).expiresAt).toBeNull();
  });
});
