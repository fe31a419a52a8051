import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { createMember, createOrganization } from "@/tests/factories";
import { createApiKey } from "./commands/create";
import { rollApiKey } from "./commands/roll";
import { DAY_MS } from "./expiry";
import { type ApiKeyAttribute, CARRIED_FIELDS, ROLL_CARRIES } from "./roll-carries";

/** The fields of `model ApiKey` as schema.prisma declares them (columns and relations). */
function schemaFields(): string[] {
  const schema = readFileSync(path.join(import.meta.dirname, "../../prisma/schema.prisma"), "utf8");
  const body = /^model ApiKey \{\n([\s\S]*?)^\}/m.exec(schema)?.[1] ?? "";
  return body
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//") && !line.startsWith("@@"))
    .map((line) => line.split(/\s+/)[0]);
}

describe("ROLL_CARRIES names every attribute of a key, once", () => {
  it("lists exactly the columns Prisma knows (Prisma.ApiKeyScalarFieldEnum) and the schema's relations", () => {
    const listed = Object.keys(ROLL_CARRIES).sort();
    expect(listed).toEqual([...schemaFields()].sort());
    for (const column of Object.values(Prisma.ApiKeyScalarFieldEnum)) expect(listed).toContain(column);
  });

  it("says why for each, and copies only columns", () => {
    for (const [field, rule] of Object.entries(ROLL_CARRIES)) expect(rule.why.length, field).toBeGreaterThan(10);
    expect([...CARRIED_FIELDS].sort()).toEqual(["allowedAddresses", "name", "organizationId", "permissions"]);
  });
});

/**
 * One roll of a key that has a value in every attribute (so "not carried" is visible), by an
 * admin other than its creator; then one test per attribute that the replacement got what the
 * table says. A new attribute with no check here fails to compile (CHECKS is exhaustive).
 */
describe("a roll does what ROLL_CARRIES says, attribute by attribute (real database)", () => {
  type Row = Awaited<ReturnType<typeof loadRow>>;
  const loadRow = (id: string) =>
    db.apiKey.findUniqueOrThrow({
      where: { id },
      include: {
        organization: true,
        createdBy: true,
        revokedBy: true,
        replacedBy: true,
        replaces: true,
        usage: true,
        requests: true,
        leak: true,
        reminders: true,
        createdByKey: true,
        createdKeys: true,
        idempotencyKeys: true,
        networks: true,
        permissionUses: true,
        networkAlerts: true,
      },
    });
  let old: Row;
  let replacement: Row;
  let rollerId: string;
  let rolledAt: number;

  beforeAll(async () => {
    const org = await createOrganization();
    const creator = await createMember(org.id, "ADMIN", "Cleo Creator");
    const roller = await createMember(org.id, "ADMIN", "Rory Roller");
    rollerId = roller.id;
    const actor = { organizationId: org.id, userId: creator.id };
    // A chain: the key before this one was rolled to it (its grace over), so `replaces` is set.
    const first = await createApiKey({ ...actor, name: "Warehouse export", expiresInDays: 90 });
    const key = (await rollApiKey({ ...actor, keyId: first.summary.id, grace: "now" })).summary;
    const createdAt = new Date(Date.now() - 30 * DAY_MS);
    await db.apiKey.update({
      where: { id: key.id },
      data: {
        createdAt,
        createdById: creator.id,
        expiresAt: new Date(createdAt.getTime() + 90 * DAY_MS),
        lastUsedAt: new Date(Date.now() - 60_000),
        allowedAddresses: ["192.0.2.0/24", "2001:db8::/32"],
        permissions: ["calls:read", "keys:read", "activity:read"],
      },
    });
    await db.apiKeyUsage.create({ data: { apiKeyId: key.id, bucket: new Date(), requests: 3 } });
    await db.apiRequest.create({
      data: {
        apiKeyId: key.id,
        at: new Date(),
        method: "GET",
        path: "/api/v1/me",
        status: 200,
        clientAddress: "192.0.2.7",
        durationMs: 4,
      },
    });
    await db.keyExpiryReminder.create({ data: { apiKeyId: key.id, kind: "7d", expiresAt: new Date() } });
    const day = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
    await db.apiKeyNetwork.create({
      data: { apiKeyId: key.id, network: "192.0.2.0/24", day, firstAt: new Date(), lastAt: new Date(), requests: 1 },
    });
    await db.apiKeyPermissionUse.create({
      data: { apiKeyId: key.id, permission: "calls:read", day, lastAt: new Date(), requests: 1 },
    });
    await db.keyNetworkAlert.create({
      data: {
        organizationId: org.id,
        apiKeyId: key.id,
        network: "192.0.2.0/24",
        address: "192.0.2.7",
        firstRequestAt: new Date(),
      },
    });
    old = await loadRow(key.id);
    rolledAt = Date.now();
    const rolled = await rollApiKey({ organizationId: org.id, userId: roller.id, keyId: key.id, grace: "24h" });
    replacement = await loadRow(rolled.summary.id);
  });

  /** What the replacement must hold for each attribute the table does not simply copy. */
  const CHECKS: Record<ApiKeyAttribute, () => void> = {
    organizationId: () => expect(replacement.organizationId).toBe(old.organizationId),
    organization: () => expect(replacement.organization.id).toBe(old.organization.id),
    name: () => expect(replacement.name).toBe("Warehouse export"),
    allowedAddresses: () => expect(replacement.allowedAddresses).toEqual(["192.0.2.0/24", "2001:db8::/32"]),
    permissions: () => expect(replacement.permissions).toEqual(["calls:read", "keys:read", "activity:read"]),
    expiresAt: () => {
      // The old key's 90-day lifetime, counted from the roll (the old one had 60 days left).
      expect(replacement.expiresAt?.getTime()).toBe(replacement.createdAt.getTime() + 90 * DAY_MS);
      expect(replacement.expiresAt?.getTime()).not.toBe(old.expiresAt?.getTime());
    },
    id: () => expect(replacement.id).not.toBe(old.id),
    prefix: () => expect(replacement.prefix).not.toBe(old.prefix),
    hash: () => expect(replacement.hash).not.toBe(old.hash),
    createdAt: () => expect(replacement.createdAt.getTime()).toBeGreaterThanOrEqual(rolledAt),
    createdById: () => expect(replacement.createdById).toBe(rollerId),
    createdBy: () => expect(replacement.createdBy?.name).toBe("Rory Roller"),
    createdByKeyId: () => expect(replacement.createdByKeyId).toBeNull(),
    createdByKey: () => expect(replacement.createdByKey).toBeNull(),
    createdKeys: () => expect(replacement.createdKeys).toEqual([]),
    idempotencyKeys: () => expect(replacement.idempotencyKeys).toEqual([]),
    lastUsedAt: () => expect(replacement.lastUsedAt).toBeNull(),
    unusedKeptUntil: () => expect(replacement.unusedKeptUntil).toBeNull(),
    revokedAt: () => expect(replacement.revokedAt).toBeNull(),
    revokedById: () => expect(replacement.revokedById).toBeNull(),
    revokedBy: () => expect(replacement.revokedBy).toBeNull(),
    replacedById: () => expect(replacement.replacedById).toBeNull(),
    replacedBy: () => expect(replacement.replacedBy).toBeNull(),
    replaces: () => expect(replacement.replaces?.id).toBe(old.id),
    usage: () => expect([replacement.usage.length, old.usage.length]).toEqual([0, 1]),
    requests: () => expect([replacement.requests.length, old.requests.length]).toEqual([0, 1]),
    leak: () => expect(replacement.leak).toBeNull(),
    reminders: () => expect([replacement.reminders.length, old.reminders.length]).toEqual([0, 1]),
    networks: () => expect([replacement.networks.length, old.networks.length]).toEqual([0, 1]),
    permissionUses: () => expect([replacement.permissionUses.length, old.permissionUses.length]).toEqual([0, 1]),
    networkAlerts: () => expect([replacement.networkAlerts.length, old.networkAlerts.length]).toEqual([0, 1]),
  };

  it.each(Object.keys(ROLL_CARRIES) as ApiKeyAttribute[])("%s", (field) => {
    CHECKS[field]();
    // A column the table says is copied equals the old key's; one it says is not, does not
    // (where the old key had a value to lose: a rollable key is never revoked or replaced).
    if (field in old && !Array.isArray(old[field as keyof Row]) && typeof old[field as keyof Row] !== "object") {
      const same = replacement[field as keyof Row] === old[field as keyof Row];
      const carried = ROLL_CARRIES[field].carries === true;
      if (carried) expect(same, field).toBe(true);
      else if (old[field as keyof Row] !== null) expect(same, field).toBe(false);
    }
  });
});
