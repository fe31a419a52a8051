import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { createApiKey } from "../commands/create";
import { revokeApiKey } from "../commands/revoke";
import { PERMISSION_PRESETS } from "../permissions";
import { loadApiKeyTable } from "./rows";

/**
 * Key health as Settings → API loads it: the per-day rows the flush maintains (ApiKeyNetwork,
 * ApiKeyPermissionUse), inserted directly here, read back through the table's one statement.
 */
const DAY = 86_400_000;
const startOfDay = (at: number) => new Date(Math.floor(at / DAY) * DAY);

async function used(
  apiKeyId: string,
  now: number,
  { networks = [], permissions = [] }: { networks?: [string, number, number][]; permissions?: [string, number][] },
) {
  // [network, requests, days ago]
  for (const [network, requests, daysAgo] of networks) {
    const day = startOfDay(now - daysAgo * DAY);
    await db.apiKeyNetwork.create({
      data: { apiKeyId, network, day, firstAt: day, lastAt: day, requests, lastUserAgent: "curl/8" },
    });
  }
  for (const [permission, daysAgo] of permissions) {
    const day = startOfDay(now - daysAgo * DAY);
    await db.apiKeyPermissionUse.create({ data: { apiKeyId, permission, day, lastAt: day, requests: 3 } });
  }
  await db.apiKey.update({ where: { id: apiKeyId }, data: { lastUsedAt: new Date(now - 3_600_000) } });
}

describe("needs attention, through loadApiKeyTable (real database)", () => {
  it("suggests exactly the two networks a key was used from, and narrows Full access to calls:read", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id, "ADMIN", "Ada Admin");
    const actor = { organizationId: org.id, userId: admin.id };
    const now = Date.now();
    const twoNetworks = await createApiKey({ ...actor, name: "Two networks", expiresInDays: 60 });
    const callsOnly = await createApiKey({
      ...actor,
      name: "Calls only",
      expiresInDays: 60,
      permissions: PERMISSION_PRESETS.full_access,
      allowedAddresses: ["192.0.2.0/24"],
    });
    await used(twoNetworks.summary.id, now, {
      // The same network on two days is one network; the quieter one is listed all the same.
      networks: [
        ["198.51.100.0/24", 4, 0],
        ["192.0.2.0/24", 9, 1],
        ["192.0.2.0/24", 1, 3],
      ],
      permissions: [["calls:read", 0]],
    });
    await used(callsOnly.summary.id, now, {
      networks: [["192.0.2.0/24", 5, 0]],
      // Used twice on different days: still one permission. keys:read from 40 days ago is outside the window.
      permissions: [
        ["calls:read", 0],
        ["calls:read", 2],
        ["keys:read", 40],
      ],
    });

    const { needsAttention } = await loadApiKeyTable(org.id, new Date(now));
    const byName = new Map(needsAttention.map((entry) => [entry.name, entry.findings]));
    expect([...byName.keys()].sort()).toEqual(["Calls only", "Two networks"]);
    expect(byName.get("Two networks")).toEqual([
      {
        kind: "few_networks",
        message: expect.stringContaining("came from 192.0.2.0/24, 198.51.100.0/24."),
        networks: ["192.0.2.0/24", "198.51.100.0/24"],
      },
    ]);
    // It holds only calls:read and used it: nothing to narrow.
    expect(byName.get("Calls only")).toEqual([
      {
        kind: "unused_permissions",
        message: expect.stringContaining("Holds keys:read, keys:write, activity:read but used only calls:read"),
        narrowTo: ["calls:read"],
        unused: ["keys:read", "keys:write", "activity:read"],
      },
    ]);
  });

  it("leaves out revoked and expired keys, however risky, and keys with nothing to say", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id, "ADMIN", "Ada Admin");
    const actor = { organizationId: org.id, userId: admin.id };
    const now = Date.now();
    const revoked = await createApiKey({ ...actor, name: "Revoked", permissions: PERMISSION_PRESETS.full_access });
    const expired = await createApiKey({ ...actor, name: "Expired", permissions: PERMISSION_PRESETS.full_access });
    const fine = await createApiKey({ ...actor, name: "Fine", expiresInDays: 30, allowedAddresses: ["192.0.2.0/24"] });
    const risky = await createApiKey({ ...actor, name: "Risky", permissions: PERMISSION_PRESETS.full_access });
    for (const key of [revoked, expired, fine, risky]) {
      await used(key.summary.id, now, { networks: [["192.0.2.0/24", 2, 0]], permissions: [["calls:read", 0]] });
    }
    await revokeApiKey({ ...actor, keyId: revoked.summary.id });
    await db.apiKey.update({ where: { id: expired.summary.id }, data: { expiresAt: new Date(now - 60_000) } });

    const { needsAttention, rows } = await loadApiKeyTable(org.id, new Date(now));
    // Expired keys stay in the table until revoked; they are not in the list.
    expect(rows.map((row) => row.name).sort()).toEqual(["Expired", "Fine", "Risky"]);
    expect(needsAttention.map((entry) => entry.name)).toEqual(["Risky"]);
    expect(needsAttention[0].findings.map((finding) => finding.kind)).toEqual([
      "never_expires",
      "unused_permissions",
      "few_networks",
    ]);
  });
});
