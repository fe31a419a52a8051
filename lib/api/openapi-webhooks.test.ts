import { describe, expect, it } from "vitest";
import { mergeUpdates, webhookEventsFor } from "../api-keys/commands/reported-events";
import type { AuditEventInput } from "../audit/events";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../webhook-event-types";
import { eventBody, type WebhookActorInput } from "../webhooks/events";
import { buildOpenApiDocument } from "./openapi";
import { WEBHOOK_DELIVERY } from "./openapi-webhooks";
import { WEBHOOK_BODY_SCHEMAS, webhookSchemaId } from "./webhook-schemas";

// biome-ignore lint/suspicious/noExplicitAny: walking the generated JSON document
type Json = Record<string, any>;

const document = buildOpenApiDocument() as Json;

/** Parses `body` with its type's schema and checks nothing was stripped: every field is documented. */
function parsesExactly(body: string) {
  const sent = JSON.parse(body);
  const parsed = WEBHOOK_BODY_SCHEMAS[sent.type as WebhookEventType].safeParse(sent);
  expect(parsed.error?.message, body).toBeUndefined();
  expect(parsed.data, "a field is sent that the schema does not declare").toEqual(sent);
}

describe("the OpenAPI document's webhooks", () => {
  it("has every event type, each a POST with its body schema, the three signed headers and the answers", () => {
    expect(Object.keys(document.webhooks)).toEqual([...WEBHOOK_EVENT_TYPES]);
    for (const type of WEBHOOK_EVENT_TYPES) {
      const post = document.webhooks[type].post;
      const body = post.requestBody.content["application/json"];
      expect(body.schema).toEqual({ $ref: `#/components/schemas/${webhookSchemaId(type)}` });
      const schema = document.components.schemas[webhookSchemaId(type)];
      expect(schema.properties.type).toMatchObject({ const: type });
      expect(schema.properties.timestamp).toMatchObject({ type: "string", format: "date-time" });
      expect(Object.keys(schema.properties.data.properties).slice(0, 1)).toEqual(["organization"]);
      expect("key" in schema.properties.data.properties).toBe(type !== "policy.updated" && type !== "webhook.test");
      // The example is a real body (made by eventBody) and parses as one.
      expect(body.example.type).toBe(type);
      parsesExactly(JSON.stringify(body.example));
      const headers = post.parameters.map(
        (parameter: { $ref: string }) => document.components.parameters[parameter.$ref.split("/").pop() as string],
      );
      expect(headers.map((header: Json) => [header.name, header.in, header.required])).toEqual([
        ["webhook-id", "header", true],
        ["webhook-timestamp", "header", true],
        ["webhook-signature", "header", true],
      ]);
      expect(post.security).toEqual([]);
      expect(post.responses["2XX"].description).toContain("within 10 s");
      expect(post.responses.default.description).toContain("5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h");
    }
    expect(WEBHOOK_DELIVERY).toMatchObject({ attempts: 9, timeoutSeconds: 10, failingDays: 5, rollOverlapHours: 24 });
  });

  it("documents the key, the actor and the organization once, as shared components", () => {
    const { WebhookKey, WebhookActor, WebhookOrganization } = document.components.schemas;
    expect(Object.keys(WebhookOrganization.properties)).toEqual(["id", "slug"]);
    expect(WebhookKey.required).toEqual([
      "id",
      "name",
      "prefix",
      "status",
      "permissions",
      "allowedAddresses",
      "createdAt",
      "expiresAt",
      "revokedAt",
    ]);
    expect(WebhookActor.oneOf.map((actor: Json) => actor.properties.type.const)).toEqual(["user", "api_key", "system"]);
    expect(JSON.stringify(document.webhooks)).not.toMatch(/"hash"|"secret"|whsec_/);
  });
});

describe("the event bodies eventBody writes", () => {
  const now = new Date("2026-12-01T14:05:09.123Z");
  const context: Parameters<typeof eventBody>[1] = {
    slug: "acme",
    listening: true,
    actorName: "Avery Admin",
    keyId: "key_1",
    name: "Deploy bot",
    prefix: "glyk_AbC1",
    permissions: ["calls:read"],
    expiresAt: null,
    revokedAt: null,
    replacedById: null,
    allowedAddresses: [],
    createdAt: new Date("2026-09-01T10:00:00.000Z"),
  };
  const actors: WebhookActorInput[] = [
    { type: "user", userId: "user_1" },
    { type: "api_key", id: "key_9", name: "CI rotation", prefix: "glyk_XyZ9" },
    { type: "system", name: "Key policies" },
  ];
  const seen = new Set<string>();
  const body = (
    type: WebhookEventType,
    data?: Record<string, unknown>,
    options: { actor?: WebhookActorInput; key?: Partial<typeof context> } = {},
  ) => {
    seen.add(type);
    const keyless = type === "policy.updated" || type === "webhook.test";
    const input = { organizationId: "org_1", type, actor: options.actor ?? actors[0], data, now };
    return eventBody(input, { ...context, ...options.key, ...(keyless ? { keyId: null } : {}) });
  };
  // Reported from the audit log exactly as the key-change recipe reports them.
  const reported = (...events: AuditEventInput[]) =>
    mergeUpdates(
      events.flatMap((event) =>
        webhookEventsFor(event).map((reportedEvent) => ({ keyId: "key_1", event: reportedEvent })),
      ),
    );

  it("parse with their type's schema, every field declared, for every event type and actor", () => {
    const audited: AuditEventInput[][] = [
      [{ action: "api_key.created", details: { expiresInDays: 30 } }],
      // One PATCH: name and expiry, one key.updated listing both.
      [
        { action: "api_key.renamed", details: { previousName: "Old name" } },
        { action: "api_key.expiry_changed", details: { expiresInDays: 30, previousExpiresAt: null } },
      ],
      [
        {
          action: "api_key.permissions_changed",
          details: { permissions: ["calls:read", "keys:read"], previousPermissions: ["calls:read"], label: "Custom" },
        },
        {
          action: "api_key.allowed_addresses_changed",
          details: { allowedAddresses: ["203.0.113.0/24"], previousAllowedAddresses: [] },
        },
      ],
      [
        {
          action: "api_key.grace_ended",
          details: {
            reason: "replacement_rolled",
            replacementId: "key_3",
            replacementPrefix: "glyk_GhI3",
            previousExpiresAt: null,
          },
        },
      ],
      [
        {
          action: "api_key.expired_by_policy",
          details: { reason: "unused", policy: "Expire keys unused for: 90 days" },
        },
      ],
      [{ action: "api_key.expired_by_policy", details: { reason: "policy", policy: "Maximum key lifetime: 90 days" } }],
      [
        {
          action: "api_key.rolled",
          details: {
            replacementId: "key_2",
            replacementPrefix: "glyk_DeF2",
            graceSeconds: 3600,
            oldExpiresAt: "2026-12-01T15:05:09.123Z",
            allowedAddresses: [],
            lifetimeDays: null,
            endedGracePrefix: null,
          },
        },
      ],
      [{ action: "api_key.revoked" }],
      [
        {
          action: "api_key.revoked",
          details: {
            actor: "secret_scanning",
            reporter: "github",
            tokenType: "glyphic_api_key",
            url: null,
            source: "npm",
          },
        },
      ],
      [{ action: "organization.policies_changed", details: { changes: ["Maximum key lifetime: 90 days"] } }],
    ];
    for (const events of audited) {
      for (const { event } of reported(...events)) {
        const revoked = event.type === "key.revoked" || event.type === "key.leaked";
        for (const actor of actors) {
          parsesExactly(body(event.type, event.data, { actor, key: revoked ? { revokedAt: now } : {} }));
        }
      }
    }
    // The detectors' and Send test event's data, as each writes it.
    const system = (name: string) => ({ actor: { type: "system", name } as WebhookActorInput });
    parsesExactly(body("key.expiring", { expiresInDays: 7, reason: "expiry" }, system("Expiry reminders")));
    parsesExactly(
      body(
        "key.expiring",
        { expiresInDays: 1, expiresAt: "2026-12-02T14:00:00.000Z", reason: "unused" },
        system("Key policies"),
      ),
    );
    parsesExactly(body("key.still_tried", { attempts: 3, lastTriedAt: now.toISOString() }, system("Request log")));
    for (const userAgent of ["curl/8.5.0", null]) {
      const network = {
        network: "198.51.100.0/24",
        address: "198.51.100.7",
        userAgent,
        firstRequestAt: now.toISOString(),
      };
      parsesExactly(body("key.new_network", network, system("New-network alerts")));
    }
    parsesExactly(body("webhook.test", { message: "A test event from Glyphic." }));
    expect([...seen].sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
  });

  it("refuse a body that is not what the type sends", () => {
    const valid = JSON.parse(body("key.updated", { changes: ["name"], previousName: "Old" }));
    const schema = WEBHOOK_BODY_SCHEMAS["key.updated"];
    expect(schema.safeParse(valid).success).toBe(true);
    const broken: Json[] = [
      { ...valid, type: "key.created" },
      { ...valid, timestamp: "yesterday" },
      { ...valid, data: { ...valid.data, key: undefined } },
      { ...valid, data: { ...valid.data, changes: [] } },
      { ...valid, data: { ...valid.data, changes: ["hash"] } },
      { ...valid, data: { ...valid.data, actor: { type: "robot", name: "R2" } } },
      { ...valid, data: { ...valid.data, key: { ...valid.data.key, status: "paused" } } },
      { ...valid, data: { ...valid.data, organization: { id: "org_1" } } },
    ];
    for (const candidate of broken) expect(schema.safeParse(candidate).success, JSON.stringify(candidate)).toBe(false);
    const expiring = JSON.parse(body("key.expiring", { expiresInDays: 7, reason: "expiry" }));
    expect(
      WEBHOOK_BODY_SCHEMAS["key.expiring"].safeParse({ ...expiring, data: { ...expiring.data, expiresInDays: 3 } })
        .success,
    ).toBe(false);
    // A field the schema does not declare is caught by the exactness check.
    const undeclared = body("webhook.test", { message: "hi", secret: "x" });
    expect(() => parsesExactly(undeclared)).toThrow(/does not declare/);
  });
});
