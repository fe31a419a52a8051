import { describe, expect, it } from "vitest";
import { DAY_MS } from "./expiry";
import { keyHealth } from "./health";
import { NO_POLICY } from "./policies";

const now = new Date("2026-12-06T12:00:00Z");
const key = (overrides: Partial<Parameters<typeof keyHealth>[0]> = {}) => ({
  id: "k1",
  name: "Warehouse export",
  createdAt: new Date(now.getTime() - 200 * DAY_MS),
  lastUsedAt: new Date(now.getTime() - DAY_MS),
  expiresAt: new Date(now.getTime() + 30 * DAY_MS),
  permissions: ["calls:read"],
  allowedAddresses: ["192.0.2.0/24"],
  ...overrides,
});
const use = (overrides: Partial<Parameters<typeof keyHealth>[1]> = {}) => ({
  networks: [],
  permissionsUsed: ["calls:read"],
  keptUntil: null,
  ...overrides,
});

describe("key health", () => {
  it("says nothing about a key with nothing to say", () => {
    expect(keyHealth(key(), use({ networks: [{ network: "192.0.2.0/24", requests: 5 }] }), NO_POLICY, now)).toEqual([]);
  });

  it("narrows a Full access key used only for calls to calls:read", () => {
    const findings = keyHealth(
      key({ permissions: ["calls:read", "keys:read", "keys:write", "activity:read"] }),
      use(),
      NO_POLICY,
      now,
    );
    expect(findings).toEqual([
      expect.objectContaining({
        kind: "unused_permissions",
        narrowTo: ["calls:read"],
        unused: ["keys:read", "keys:write", "activity:read"],
      }),
    ]);
    expect(findings[0].message).toContain("in the last 30 days");
  });

  it("says over how many days it looked for a young key, and waits for a first request", () => {
    const young = key({
      createdAt: new Date(now.getTime() - 3 * DAY_MS),
      permissions: ["calls:read", "activity:read"],
    });
    expect(keyHealth(young, use(), NO_POLICY, now)[0].message).toContain("in the last 3 days");
    expect(keyHealth({ ...young, lastUsedAt: null }, use({ permissionsUsed: [] }), NO_POLICY, now)).toEqual([]);
  });

  it("suggests the networks of a key used from at most three, when it has no allowed addresses", () => {
    const open = key({ allowedAddresses: [] });
    const two = [
      { network: "203.0.113.0/24", requests: 90 },
      { network: "198.51.100.0/24", requests: 10 },
    ];
    expect(keyHealth(open, use({ networks: two }), NO_POLICY, now)).toEqual([
      expect.objectContaining({ kind: "few_networks", networks: ["198.51.100.0/24", "203.0.113.0/24"] }),
    ]);
    const four = [...two, { network: "192.0.2.0/24", requests: 1 }, { network: "2001:db8::/48", requests: 1 }];
    expect(keyHealth(open, use({ networks: four }), NO_POLICY, now)).toEqual([]);
  });

  it("flags a key that never expires, one not used for 30 days (unless kept), and a policy breach", () => {
    const idle = key({ expiresAt: null, lastUsedAt: new Date(now.getTime() - 45 * DAY_MS) });
    expect(
      keyHealth(idle, use(), { ...NO_POLICY, maxKeyLifetimeDays: 90 }, now).map((finding) => finding.kind),
    ).toEqual(["policy", "never_expires", "unused"]);
    const kept = use({ keptUntil: new Date(now.getTime() + DAY_MS) });
    expect(keyHealth(idle, kept, NO_POLICY, now).map((finding) => finding.kind)).toEqual(["never_expires"]);
  });
});
