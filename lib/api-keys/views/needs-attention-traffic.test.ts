import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(1000));

import { GET as listCalls } from "@/app/api/v1/calls/route";
import { GET as me } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { PERMISSION_PRESETS } from "@/lib/api-keys/permissions";
import { flushRequests } from "@/lib/requests/recorder";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, createCalls, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { loadApiKeyTable } from "./rows";

/**
 * Key health on recorded traffic: real requests through the route handlers (withApiKey, the
 * in-process recorder), flushed to Postgres as in production, then Settings → API's table load.
 */
describe("Needs attention, from recorded requests", () => {
  it("narrows a Full access key used only for calls, and suggests exactly the two networks a key was used from", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id, "ADMIN");
    await createCalls(org.id, 2);
    const make = (
      name: string,
      permissions: readonly ("calls:read" | "keys:read" | "keys:write" | "activity:read")[],
    ) => createApiKey({ organizationId: org.id, userId: admin.id, name, permissions, expiresInDays: 30 });
    const callsOnly = await make("Calls only", PERMISSION_PRESETS.full_access);
    const twoNetworks = await make("Two networks", PERMISSION_PRESETS.read_calls);
    const quiet = await make("Quiet", PERMISSION_PRESETS.read_only);

    for (let i = 0; i < 3; i++) {
      await listCalls(apiRequest("/api/v1/calls", { key: callsOnly.key, address: "192.0.2.10" }), noParams);
    }
    // /me needs no permission: it exercises none, and must not count as a use of one.
    await me(apiRequest("/api/v1/me", { key: callsOnly.key, address: "192.0.2.10" }), noParams);
    await listCalls(apiRequest("/api/v1/calls", { key: twoNetworks.key, address: "192.0.2.10" }), noParams);
    await listCalls(apiRequest("/api/v1/calls", { key: twoNetworks.key, address: "198.51.100.20" }), noParams);
    await listCalls(apiRequest("/api/v1/calls", { key: twoNetworks.key, address: "198.51.100.77" }), noParams);
    await runAfterTasks();
    await flushRequests();

    const { needsAttention } = await loadApiKeyTable(org.id);
    const byName = new Map(needsAttention.map((entry) => [entry.name, entry.findings]));
    expect(byName.get("Calls only")).toEqual([
      expect.objectContaining({
        kind: "unused_permissions",
        narrowTo: ["calls:read"],
        unused: ["keys:read", "keys:write", "activity:read"],
      }),
      // Used from one network only, and no allowed addresses: that one is suggested too.
      expect.objectContaining({ kind: "few_networks", networks: ["192.0.2.0/24"] }),
    ]);
    expect(byName.get("Two networks")).toEqual([
      expect.objectContaining({ kind: "few_networks", networks: ["192.0.2.0/24", "198.51.100.0/24"] }),
    ]);
    // Never used: no suggestion about what it used, and not 30 days old yet.
    expect(byName.has(quiet.summary.name)).toBe(false);
  });
});
