import { describe, expect, it } from "vitest";
import { actorLabel, describeAuditEvent } from "./describe";

const key = { keyName: "Zapier — production", keyPrefix: "glyk_AbCd" };

describe("activity sentences", () => {
  it.each([
    ["api_key.created", { expiresInDays: null }, "created “Zapier — production” (glyk_AbCd…)"],
    ["api_key.created", { expiresInDays: 90 }, "created “Zapier — production” (glyk_AbCd…), expiring after 90 days"],
    ["api_key.revoked", null, "revoked “Zapier — production” (glyk_AbCd…)"],
    ["api_key.renamed", { previousName: "Zapier" }, "renamed “Zapier” (glyk_AbCd…) to “Zapier — production”"],
    [
      "api_key.rolled",
      { replacementPrefix: "glyk_EfGh", graceSeconds: 86_400 },
      "rolled “Zapier — production” (glyk_AbCd…) to a new key (glyk_EfGh…), with a 24-hour grace period",
    ],
    [
      "api_key.rolled",
      { replacementPrefix: "glyk_EfGh", graceSeconds: 7 * 86_400 },
      "rolled “Zapier — production” (glyk_AbCd…) to a new key (glyk_EfGh…), with a 7-day grace period",
    ],
    [
      "api_key.rolled",
      { replacementPrefix: "glyk_EfGh", graceSeconds: 0 },
      "rolled “Zapier — production” (glyk_AbCd…) to a new key (glyk_EfGh…), ending the old key immediately",
    ],
    [
      "api_key.rolled",
      { replacementPrefix: "glyk_EfGh", graceSeconds: 1_500 },
      "rolled “Zapier — production” (glyk_AbCd…) to a new key (glyk_EfGh…), with a 25-minute grace period",
    ],
    [
      "api_key.rolled",
      {
        replacementPrefix: "glyk_EfGh",
        graceSeconds: 86_400,
        allowedAddresses: ["192.0.2.0/24"],
        endedGracePrefix: null,
      },
      "rolled “Zapier — production” (glyk_AbCd…) to a new key (glyk_EfGh…), with a 24-hour grace period; the new key keeps its allowed addresses (192.0.2.0/24)",
    ],
    [
      "api_key.rolled",
      { replacementPrefix: "glyk_EfGh", graceSeconds: 3_600, allowedAddresses: [], endedGracePrefix: "glyk_WxYz" },
      "rolled “Zapier — production” (glyk_AbCd…) to a new key (glyk_EfGh…), with a 1-hour grace period; the key before it (glyk_WxYz…) stopped working",
    ],
    [
      "api_key.grace_ended",
      { reason: "replacement_rolled", replacementId: "k2", replacementPrefix: "glyk_EfGh", previousExpiresAt: null },
      "ended the grace period of “Zapier — production” (glyk_AbCd…) early, as its replacement (glyk_EfGh…) was rolled",
    ],
    ["api_key.expiry_changed", { expiresInDays: 30 }, "set “Zapier — production” (glyk_AbCd…) to expire after 30 days"],
    ["api_key.expiry_changed", { expiresInDays: null }, "removed the expiry of “Zapier — production” (glyk_AbCd…)"],
    [
      "api_key.allowed_addresses_changed",
      { allowedAddresses: ["203.0.113.9", "2001:db8::/32"] },
      "limited “Zapier — production” (glyk_AbCd…) to 203.0.113.9, 2001:db8::/32",
    ],
    [
      "api_key.allowed_addresses_changed",
      { allowedAddresses: ["192.0.2.1", "192.0.2.2", "192.0.2.3", "192.0.2.4", "192.0.2.5"] },
      "limited “Zapier — production” (glyk_AbCd…) to 192.0.2.1, 192.0.2.2, 192.0.2.3 and 2 more",
    ],
    [
      "api_key.allowed_addresses_changed",
      { allowedAddresses: [] },
      "removed the allowed addresses of “Zapier — production” (glyk_AbCd…): any address may use it",
    ],
    [
      "api_key.revoked",
      { actor: "secret_scanning", reporter: "github", tokenType: "t", url: "https://x", source: "commit" },
      "revoked “Zapier — production” (glyk_AbCd…) after it was found in a public commit",
    ],
    [
      "api_key.revoked",
      { actor: "secret_scanning", url: null, source: "a_new_place" },
      "revoked “Zapier — production” (glyk_AbCd…) after it was found in public (a_new_place)",
    ],
    ["api_key.leak_dismissed", { leakId: "l1" }, "dismissed the leak notice of “Zapier — production” (glyk_AbCd…)"],
    [
      "api_key.network_alert_dismissed",
      { alertId: "a1", network: "203.0.113.0/24" },
      "dismissed the notice that “Zapier — production” (glyk_AbCd…) was used from 203.0.113.0/24",
    ],
  ])("%s %j", (action, details, expected) => {
    expect(describeAuditEvent({ ...key, action, details })).toBe(expected);
  });

  it("reads a malformed or unfamiliar event as a plain sentence", () => {
    expect(describeAuditEvent({ ...key, action: "api_key.renamed", details: { nope: 1 } })).toBe(
      "renamed “Zapier — production” (glyk_AbCd…)",
    );
    expect(describeAuditEvent({ ...key, action: "api_key.teleported", details: null })).toBe(
      "changed “Zapier — production” (glyk_AbCd…)",
    );
  });
});

describe("key policy changes (an event about the organization: no key)", () => {
  const noKey = { keyName: "", keyPrefix: "", action: "organization.policies_changed" };

  it("lists what changed, without a key", () => {
    expect(
      describeAuditEvent({
        ...noKey,
        details: { changes: ["Maximum key lifetime: 90 days", "Expire keys unused for: never"] },
      }),
    ).toBe("changed the key policies: Maximum key lifetime: 90 days; Expire keys unused for: never");
  });

  it("reads malformed or empty details as a plain sentence, never “” (…)", () => {
    for (const details of [null, { changes: "x" }, { changes: [] }, { changes: [1] }]) {
      expect(describeAuditEvent({ ...noKey, details })).toBe("changed the key policies");
    }
  });
});

describe("webhook endpoints (events about the organization: no key)", () => {
  const url = "https://hooks.example.com/glyphic";
  const of = (action: string, details: unknown) => describeAuditEvent({ keyName: "", keyPrefix: "", action, details });

  it.each([
    [
      "webhook.endpoint_added",
      { endpointId: "whe_1", url, events: [] },
      `added webhook endpoint ${url}, sending all events`,
    ],
    [
      "webhook.endpoint_added",
      { endpointId: "whe_1", url, events: ["key.revoked", "key.leaked"] },
      `added webhook endpoint ${url}, sending Key revoked and Key leaked`,
    ],
    [
      "webhook.endpoint_added",
      { endpointId: "whe_1", url, events: ["key.created", "key.updated", "key.rolled", "key.revoked"] },
      `added webhook endpoint ${url}, sending Key created, Key updated and 2 more events`,
    ],
    ["webhook.endpoint_deleted", { endpointId: "whe_1", url }, `deleted webhook endpoint ${url}`],
    ["webhook.endpoint_enabled", { endpointId: "whe_1", url }, `enabled webhook endpoint ${url}`],
    ["webhook.endpoint_disabled", { endpointId: "whe_1", url, reason: "manual" }, `disabled webhook endpoint ${url}`],
    [
      "webhook.endpoint_disabled",
      { endpointId: "whe_1", url, reason: "failing" },
      `disabled webhook endpoint ${url} (failing for 5 days)`,
    ],
    [
      "webhook.secret_rolled",
      { endpointId: "whe_1", url },
      `rolled the signing secret of webhook endpoint ${url}; the previous secret also signs for 24 hours`,
    ],
  ])("%s %j", (action, details, expected) => {
    expect(of(action, details)).toBe(expected);
  });

  it("cuts a long URL, strips control characters, and reads malformed details without “” (…)", () => {
    expect(of("webhook.endpoint_deleted", { url: `https://h.example/${"a".repeat(300)}` })).toBe(
      `deleted webhook endpoint https://h.example/${"a".repeat(102)}…`,
    );
    expect(of("webhook.endpoint_enabled", { url: "https://h.example/\u202Eevil\n" })).toBe(
      "enabled webhook endpoint https://h.example/evil",
    );
    expect(of("webhook.endpoint_added", null)).toBe("added webhook endpoint");
    expect(of("webhook.endpoint_disabled", { url: 5 })).toBe("disabled webhook endpoint");
  });
});

describe("actorLabel", () => {
  it("shows the webhooks job as the actor of an endpoint it disabled, and the person otherwise", () => {
    const failing = { url: "https://h.example", reason: "failing" };
    expect(actorLabel({ action: "webhook.endpoint_disabled", details: failing, actorName: null })).toBe("Webhooks");
    expect(
      actorLabel({ action: "webhook.endpoint_disabled", details: { ...failing, reason: "manual" }, actorName: "Ada" }),
    ).toBe("Ada");
    expect(actorLabel({ action: "webhook.endpoint_deleted", details: failing, actorName: null })).toBeNull();
  });

  it("shows secret scanning as the actor of its revocations, and people by name (null → Unknown)", () => {
    expect(actorLabel({ details: { actor: "secret_scanning" }, actorName: null })).toBe("Secret scanning");
    expect(actorLabel({ details: null, actorName: null })).toBeNull();
    expect(actorLabel({ details: { actor: "someone" }, actorName: "Ada" })).toBe("Ada");
  });
});
