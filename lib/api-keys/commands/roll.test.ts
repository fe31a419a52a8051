import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { orgWithAdmin } from "@/tests/factories";
import { watchInvalidations } from "@/tests/invalidation-spy";
import { DAY_MS, HOUR_MS } from "../expiry";
import { hashApiKey, isWellFormedApiKey } from "../format";
import { keySlots, listKeys } from "../views/summary";
import { revokeApiKey } from "./revoke";
import { rollApiKey } from "./roll";

vi.mock("@/lib/api-keys/verification/invalidation", () => import("@/tests/invalidation-spy"));

describe("roll (real database)", () => {
  it.each([
    ["now", 0],
    ["1h", HOUR_MS],
    ["24h", 24 * HOUR_MS],
    ["7d", 7 * DAY_MS],
  ] as const)("with grace %s: a new key of the same name; the old one expires after the grace", async (grace, ms) => {
    const { org, admin, actor, create } = await orgWithAdmin();
    const old = await create("Warehouse export");
    const seen = watchInvalidations();
    const before = Date.now();
    const rolled = await rollApiKey({ ...actor, keyId: old.summary.id, grace });
    const after = Date.now();

    expect(isWellFormedApiKey(rolled.key)).toBe(true);
    expect(rolled.key).not.toBe(old.key);
    expect(rolled.summary).toMatchObject({ name: "Warehouse export", expiresAt: null, replacedById: null });
    const oldRow = await db.apiKey.findUniqueOrThrow({ where: { id: old.summary.id } });
    expect(oldRow.replacedById).toBe(rolled.summary.id);
    expect(oldRow.expiresAt?.getTime()).toBeGreaterThanOrEqual(before + ms);
    expect(oldRow.expiresAt?.getTime()).toBeLessThanOrEqual(after + ms);
    expect(rolled.oldExpiresAt).toEqual(oldRow.expiresAt);
    const newRow = await db.apiKey.findUniqueOrThrow({ where: { id: rolled.summary.id } });
    expect(newRow).toMatchObject({ hash: hashApiKey(rolled.key), createdById: admin.id, revokedAt: null });

    // Invalidated after the commit (the committed expiry is visible to the listener) and awaited.
    expect(seen).toEqual([
      {
        hash: oldRow.hash,
        observed: { expiresAt: oldRow.expiresAt, replacedById: rolled.summary.id, revokedAt: null },
      },
    ]);
    const [event] = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "api_key.rolled" } });
    expect(event).toMatchObject({
      actorId: admin.id,
      apiKeyId: old.summary.id,
      keyName: "Warehouse export",
      keyPrefix: oldRow.prefix,
      details: { replacementId: rolled.summary.id, replacementPrefix: newRow.prefix, graceSeconds: ms / 1000 },
    });
    // The replacement takes the old key's slot; the table lists the old key right below it.
    expect(await keySlots(org.id)).toEqual({ active: 1, limit: 5 });
    expect((await listKeys(org.id)).map((key) => key.id)).toEqual([rolled.summary.id, old.summary.id]);
  });

  it("keeps the key's lifetime, and never extends the old key past its own expiry", async () => {
    const { actor, create } = await orgWithAdmin();
    const old = await create("Short-lived", 30);
    // Ten hours left: a 7-day grace cannot make it live longer.
    const tenHours = new Date(Date.now() + 10 * HOUR_MS);
    await db.apiKey.update({ where: { id: old.summary.id }, data: { expiresAt: tenHours } });
    await db.apiKey.update({
      where: { id: old.summary.id },
      data: { createdAt: new Date(tenHours.getTime() - 30 * DAY_MS) },
    });
    const rolled = await rollApiKey({ ...actor, keyId: old.summary.id, grace: "7d" });
    expect(rolled.oldExpiresAt).toEqual(tenHours);
    const lifetime = (rolled.summary.expiresAt?.getTime() ?? 0) - rolled.summary.createdAt.getTime();
    expect(lifetime).toBe(30 * DAY_MS);
  });

  it("works at the limit: the replacement takes the rolled key's slot", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await create(`k${i}`));
    await expect(create("sixth")).rejects.toMatchObject({ code: "limit_reached" });
    const rolled = await rollApiKey({ ...actor, keyId: keys[0].summary.id, grace: "24h" });
    expect(await keySlots(org.id)).toEqual({ active: 5, limit: 5 });
    // The rolling key does not free a slot for a new key either.
    await expect(create("sixth")).rejects.toMatchObject({ code: "limit_reached" });
    expect(rolled.summary.name).toBe("k0");
  });

  it("refuses a key that was already rolled, revoked, expired, or belongs to another organization", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const rolledOnce = await create("rolled");
    await rollApiKey({ ...actor, keyId: rolledOnce.summary.id, grace: "24h" });
    const revoked = await create("revoked");
    await revokeApiKey({ ...actor, keyId: revoked.summary.id });
    const expired = await create("expired", 30);
    await db.apiKey.update({ where: { id: expired.summary.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const other = await orgWithAdmin();
    const foreign = await other.create("foreign");

    const before = await db.apiKey.count();
    const eventsBefore = await db.auditEvent.count({ where: { organizationId: org.id } });
    for (const keyId of [rolledOnce.summary.id, revoked.summary.id, expired.summary.id, foreign.summary.id]) {
      await expect(rollApiKey({ ...actor, keyId, grace: "1h" })).rejects.toMatchObject({
        code: "not_found",
        message: "This key can't be rolled: it was already rolled, revoked or has expired.",
      });
    }
    expect(await db.apiKey.count()).toBe(before);
    expect(await db.auditEvent.count({ where: { organizationId: org.id } })).toBe(eventsBefore);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: foreign.summary.id } })).replacedById).toBeNull();
  });

  it("lets exactly one of two parallel rolls of one key succeed", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const old = await create("contended");
    const results = await Promise.allSettled([
      rollApiKey({ ...actor, keyId: old.summary.id, grace: "1h" }),
      rollApiKey({ ...actor, keyId: old.summary.id, grace: "24h" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((result) => result.status === "rejected");
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: "not_found" });
    expect(await db.apiKey.count({ where: { organizationId: org.id } })).toBe(2);
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "api_key.rolled" } })).toBe(1);
  });
});
