import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { orgWithAdmin } from "@/tests/factories";
import { watchInvalidations } from "@/tests/invalidation-spy";
import { DAY_MS } from "../expiry";
import { keySlots } from "../views/summary";
import { revokeApiKey } from "./revoke";
import { rollApiKey } from "./roll";

vi.mock("@/lib/api-keys/verification/invalidation", () => import("@/tests/invalidation-spy"));

describe("chained rolls: one grace period per chain (real database)", () => {
  const working = (organizationId: string) =>
    db.apiKey.findMany({
      where: { organizationId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
      select: { id: true, replacedById: true },
    });

  it("rolling a replacement whose predecessor is in its grace period ends that grace now, audited", async () => {
    const { org, admin, actor, create } = await orgWithAdmin();
    const a = await create("Zapier");
    const b = await rollApiKey({ ...actor, keyId: a.summary.id, grace: "7d" });
    expect(b.endedGrace).toBeNull();
    const aRow = await db.apiKey.findUniqueOrThrow({ where: { id: a.summary.id } });
    const seen = watchInvalidations();
    const before = Date.now();
    const c = await rollApiKey({ ...actor, keyId: b.summary.id, grace: "7d" });

    expect(c.endedGrace).toEqual({ id: a.summary.id, prefix: aRow.prefix });
    const aAfter = await db.apiKey.findUniqueOrThrow({ where: { id: a.summary.id } });
    expect(aAfter.expiresAt?.getTime()).toBeGreaterThanOrEqual(before);
    expect(aAfter.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now());
    // B is now the one old key in grace; C is active.
    const bRow = await db.apiKey.findUniqueOrThrow({ where: { id: b.summary.id } });
    expect(bRow.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 6 * DAY_MS);
    expect((await working(org.id)).map((key) => key.id).sort()).toEqual([b.summary.id, c.summary.id].sort());
    // Caches forget A too (after the commit: the listener sees its new expiry), and B.
    expect(seen.map((entry) => entry.hash).sort()).toEqual([aRow.hash, bRow.hash].sort());
    expect(seen.find((entry) => entry.hash === aRow.hash)?.observed).toMatchObject({ expiresAt: aAfter.expiresAt });

    const [ended] = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "api_key.grace_ended" } });
    expect(ended).toMatchObject({
      actorId: admin.id,
      apiKeyId: a.summary.id,
      keyPrefix: aRow.prefix,
      details: {
        reason: "replacement_rolled",
        replacementId: b.summary.id,
        replacementPrefix: bRow.prefix,
        previousExpiresAt: aRow.expiresAt?.toISOString(),
      },
    });
    const rolled = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: org.id, action: "api_key.rolled", apiKeyId: b.summary.id },
    });
    expect(rolled.details).toMatchObject({ endedGracePrefix: aRow.prefix });
  });

  it("leaves a predecessor whose grace already ended alone: no event, no change", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const a = await create("Zapier");
    const b = await rollApiKey({ ...actor, keyId: a.summary.id, grace: "now" });
    const aBefore = await db.apiKey.findUniqueOrThrow({ where: { id: a.summary.id } });
    const c = await rollApiKey({ ...actor, keyId: b.summary.id, grace: "1h" });
    expect(c.endedGrace).toBeNull();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: a.summary.id } })).expiresAt).toEqual(aBefore.expiresAt);
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "api_key.grace_ended" } })).toBe(0);
  });

  it("ten chained rolls of every key with a 7-day grace: one old key working per chain, the limit holds", async () => {
    const { org, actor, create } = await orgWithAdmin();
    let heads: string[] = [];
    for (let i = 0; i < 5; i++) heads.push((await create(`chain ${i}`)).summary.id);
    for (let round = 0; round < 10; round++) {
      const next: string[] = [];
      for (const keyId of heads) next.push((await rollApiKey({ ...actor, keyId, grace: "7d" })).summary.id);
      heads = next;
      const keys = await working(org.id);
      // Each chain: its head and at most one old key (the one the head replaced).
      expect(
        keys
          .filter((key) => key.replacedById === null)
          .map((key) => key.id)
          .sort(),
      ).toEqual([...heads].sort());
      const old = keys.filter((key) => key.replacedById !== null);
      expect(old.every((key) => heads.includes(key.replacedById as string))).toBe(true);
      expect(keys.length).toBeLessThanOrEqual(5 + 5);
    }
    expect(await keySlots(org.id)).toEqual({ active: 5, limit: 5 });
    await expect(create("sixth")).rejects.toMatchObject({ code: "limit_reached" });
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "api_key.grace_ended" } })).toBe(45);
  });

  it("revoking a replacement hands its slot back to the old key still in grace: the limit holds", async () => {
    const { org, actor, create } = await orgWithAdmin();
    const keys = [];
    for (let i = 0; i < 5; i++) keys.push(await create(`k${i}`));
    const rolled = await rollApiKey({ ...actor, keyId: keys[0].summary.id, grace: "7d" });
    await revokeApiKey({ ...actor, keyId: rolled.summary.id });
    // k0 still works for 7 days and nothing else holds its slot: it counts again.
    expect(await keySlots(org.id)).toEqual({ active: 5, limit: 5 });
    await expect(create("sixth")).rejects.toMatchObject({ code: "limit_reached" });
    expect((await working(org.id)).length).toBe(5);
    // Once it is revoked too, the slot is free.
    await revokeApiKey({ ...actor, keyId: keys[0].summary.id });
    expect(await keySlots(org.id)).toEqual({ active: 4, limit: 5 });
    await create("sixth");
  });
});
