import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(1000));

import * as rollRoute from "@/app/api/v1/keys/[id]/roll/route";
import * as keyRoute from "@/app/api/v1/keys/[id]/route";
import * as keysRoute from "@/app/api/v1/keys/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { setKeyPolicies } from "@/lib/api-keys/commands/policies";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { DAY_MS } from "@/lib/api-keys/expiry";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { NO_POLICY } from "@/lib/api-keys/policies";
import { db } from "@/lib/db/client";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";

/**
 * Where the round's features meet, for each key attribute the schema gained or a policy
 * constrains: a roll carries it (or caps it), the management API reads and sets it, and a policy
 * refuses it — through the real route handlers and commands, on Postgres.
 */
async function setup(policy: Partial<typeof NO_POLICY> = {}) {
  const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
  const owner = await createMember(org.id, "OWNER");
  const actor = { organizationId: org.id, userId: owner.id };
  // The manager is made before the policies, as a key that existed before them.
  const manager = await createApiKey({
    ...actor,
    name: "Manager",
    permissions: ["calls:read", "keys:read", "keys:write", "activity:read"],
    allowedAddresses: ["192.0.2.0/24"],
  });
  await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, ...policy } });
  const call = (route: Record<string, unknown>, method: string, path: string, id: string | null, body?: unknown) =>
    (route[method] as (request: Request, context: unknown) => Promise<Response>)(
      apiRequest(path, { key: manager.key, method, body, address: "192.0.2.7" }),
      id === null ? noParams : { params: Promise.resolve({ id }) },
    );
  return { org, actor, manager, call };
}

describe("a roll meets the policies", () => {
  it("keeps the old lifetime, but never beyond the maximum", async () => {
    const { actor, manager } = await setup();
    const yearly = await createApiKey({ ...actor, name: "Yearly", expiresInDays: 365 });
    await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, maxKeyLifetimeDays: 90 } });
    const rolled = await rollApiKey({ ...actor, keyId: yearly.summary.id, grace: "1h" });
    const days = ((rolled.summary.expiresAt?.getTime() ?? 0) - rolled.summary.createdAt.getTime()) / DAY_MS;
    expect(days).toBe(90);
    expect(manager.summary.permissions).toContain("keys:write");
  });

  it("refuses to make a key that can change keys without allowed addresses, and carries permissions", async () => {
    const { actor } = await setup();
    const open = await createApiKey({ ...actor, name: "Open writer", permissions: ["keys:write"] });
    await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, requireAllowedAddressesForWrite: true } });
    // The old key keeps working (no change touched it); its replacement would break the policy.
    await expect(rollApiKey({ ...actor, keyId: open.summary.id, grace: "now" })).rejects.toMatchObject({
      code: "policy_violation",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: open.summary.id } })).replacedById).toBeNull();
    const fenced = await createApiKey({
      ...actor,
      name: "Fenced writer",
      permissions: ["keys:write"],
      allowedAddresses: ["198.51.100.0/24"],
    });
    const rolled = await rollApiKey({ ...actor, keyId: fenced.summary.id, grace: "now" });
    expect(rolled.summary.permissions).toEqual(["keys:read", "keys:write"]);
    expect(rolled.summary.allowedAddresses).toEqual(["198.51.100.0/24"]);
  });
});

describe("the management API meets the policies", () => {
  it("reads and sets expiry, permissions and allowed addresses, within the policies", async () => {
    const { call, actor } = await setup({ maxKeyLifetimeDays: 30, requireAllowedAddressesForWrite: true });
    const target = await createApiKey({ ...actor, name: "Target", expiresInDays: 30 });
    const id = target.summary.id;

    const withinBy = new Date(Date.now() + 10 * DAY_MS).toISOString();
    const patched = await call(keyRoute, "PATCH", `/api/v1/keys/${id}`, id, {
      expiresAt: withinBy,
      permissions: ["calls:read", "keys:write"],
      allowedAddresses: ["203.0.113.0/24"],
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).data).toMatchObject({
      expiresAt: withinBy,
      permissions: ["calls:read", "keys:read", "keys:write"],
      allowedAddresses: ["203.0.113.0/24"],
    });

    // Each setting refused by the policy it breaks, all or nothing: the key is left as it was.
    const beyond = new Date(Date.now() + 60 * DAY_MS).toISOString();
    for (const body of [
      { expiresAt: beyond },
      { expiresAt: null },
      { allowedAddresses: [] },
      { name: "x", allowedAddresses: [] },
    ]) {
      const refused = await call(keyRoute, "PATCH", `/api/v1/keys/${id}`, id, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect((await refused.json()).error.code).toBe("policy_violation");
    }
    const after = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(after.name).toBe("Target");
    expect(after.allowedAddresses).toEqual(["203.0.113.0/24"]);
    expect(after.expiresAt?.toISOString()).toBe(withinBy);

    // Created through the API: the default lifetime rule applies to it too.
    const forever = await call(keysRoute, "POST", "/api/v1/keys", null, { name: "Forever" });
    expect(forever.status).toBe(422);
    const within = await call(keysRoute, "POST", "/api/v1/keys", null, { name: "Month", expiresInDays: 30 });
    expect(within.status).toBe(201);

    // A roll through the API carries what the key was given through the API.
    const rolled = await call(rollRoute, "POST", `/api/v1/keys/${id}/roll`, id, { gracePeriodSeconds: 0 });
    expect(rolled.status).toBe(201);
    expect((await rolled.json()).data).toMatchObject({
      name: "Target",
      permissions: ["calls:read", "keys:read", "keys:write"],
      allowedAddresses: ["203.0.113.0/24"],
      createdBy: { name: "API key “Manager”" },
    });
  });

  it("a key made before a policy keeps working and can be renamed, but not widened", async () => {
    const { call, actor } = await setup();
    const legacy = await createApiKey({ ...actor, name: "Legacy" });
    await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, maxKeyLifetimeDays: 30 } });
    const id = legacy.summary.id;
    expect((await call(keyRoute, "PATCH", `/api/v1/keys/${id}`, id, { name: "Legacy, renamed" })).status).toBe(200);
    expect((await call(keyRoute, "PATCH", `/api/v1/keys/${id}`, id, { expiresAt: null })).status).toBe(422);
  });
});
