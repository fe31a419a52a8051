import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { DAY_MS, HOUR_MS } from "./expiry";
import { hashApiKey, isWellFormedApiKey } from "./format";
import { changeApiKeyExpiry, renameApiKey, rollApiKey } from "./lifecycle";
import { createApiKey, keySlots, listKeys, revokeApiKey } from "./service";

async function orgWithAdmin() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN", "Ada Admin");
  const actor = { organizationId: org.id, userId: admin.id };
  const create = (name: string, expiresInDays: number | null = null) => createApiKey({ ...actor, name, expiresInDays });
  return { org, admin, actor, create };
}

/**
 * invalidateApiKey stands in for the caches: it reads what the database has committed when it is
 * called, and is slow, so a caller that did not await it would return before it recorded.
 */
const invalidations = vi.hoisted(() => ({
  check: async (_hash: string): Promise<unknown> => null,
  seen: [] as { hash: string; observed: unknown }[],
}));
vi.mock("./invalidation", () => ({
  invalidateApiKey: async (hash: string) => {
    const observed = await invalidations.check(hash);
    await new Promise((resolve) => setTimeout(resolve, 20));
    invalidations.seen.push({ hash, observed });
  },
}));

function watchInvalidations(check: (hash: string) => Promise<unknown>) {
  invalidations.check = check;
  invalidations.seen = [];
  return invalidations.seen;
}

const rowByHash = (hash: string) =>
  db.apiKey.findUnique({ where: { hash }, select: { expiresAt: true, replacedById: true, revokedAt: true } });

describe("rename (real database)", () => {
  it("renames the key, keeps it working, and records old and new name", async () => {
    const { org, admin, actor, create } = await orgWithAdmin();
    const created = await create("Zapier");
    const seen = watchInvalidations(async () => null);
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

describe("roll (real database)", () => {
  it.each([
    ["now", 0],
    ["1h", HOUR_MS],
    ["24h", 24 * HOUR_MS],
    ["7d", 7 * DAY_MS],
  ] as const)("with grace %s: a new key of the same name; the old one expires after the grace", async (grace, ms) => {
    const { org, admin, actor, create } = await orgWithAdmin();
    const old = await create("Warehouse export");
    const seen = watchInvalidations(rowByHash);
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
    const seen = watchInvalidations(rowByHash);
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
    const seen = watchInvalidations(rowByHash);
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
