import { Webhook } from "standardwebhooks";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { API_SETTINGS_PATH, webhookEndpointPath } from "@/lib/routes";
import { createMember } from "@/tests/factories";
import { adminOfNewOrg, signInAs, signOut } from "@/tests/signed-in-viewer";
import { startWebhookReceiver } from "@/tests/webhook-receiver";
import { addWebhookEndpoint } from "../webhook-endpoints/endpoints";
import { addWebhookEndpointAction } from "./add-webhook-endpoint";
import { type ActionDefinition, type ActionRuntime, runAuthorized } from "./auth-action";
import { deleteWebhookEndpointAction } from "./delete-webhook-endpoint";
import { retryWebhookDeliveryAction } from "./retry-webhook-delivery";
import { rollWebhookSecretAction } from "./roll-webhook-secret";
import { sendWebhookTestAction } from "./send-webhook-test";
import { setWebhookEndpointEnabledAction } from "./set-webhook-endpoint-enabled";

// The one module replaced: see tests/signed-in-viewer.ts. The database and the receiver are real.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());

beforeEach(() => {
  signOut();
  receiver.received.length = 0;
  receiver.respond.length = 0;
  receiver.fallback = { status: 204 };
});

// biome-ignore lint/suspicious/noExplicitAny: any action's definition, as the runtime takes it
async function run(definition: ActionDefinition<any, object>, input: unknown) {
  const revalidated: string[] = [];
  const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: (path) => revalidated.push(path) };
  // biome-ignore lint/suspicious/noExplicitAny: the result's data differs per action
  const result = (await runAuthorized(runtime, definition, input)) as any;
  return { result, revalidated };
}

const add = (input: unknown) => run(addWebhookEndpointAction.definition, input);

async function adminWithEndpoint() {
  const { org, admin } = await adminOfNewOrg();
  const endpoint = await addWebhookEndpoint(
    { organizationId: org.id, userId: admin.id },
    { url: receiver.url, events: [] },
  );
  signInAs(admin, org);
  return { org, admin, endpoint };
}

describe("addWebhookEndpoint action", () => {
  it("adds the endpoint to the viewer's organization and returns its secret once, stored only sealed", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result, revalidated } = await add({ url: ` ${receiver.url} `, events: ["key.revoked", "key.leaked"] });
    expect(result).toMatchObject({ ok: true, url: receiver.url, secret: expect.stringMatching(/^whsec_/) });
    expect(revalidated).toEqual([API_SETTINGS_PATH]);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: result.id } });
    expect(row).toMatchObject({ organizationId: org.id, createdById: admin.id, events: ["key.revoked", "key.leaked"] });
    expect(JSON.stringify(row)).not.toContain(result.secret.slice(6));
    const audit = await db.auditEvent.findFirstOrThrow({ where: { organizationId: org.id } });
    expect(audit).toMatchObject({ action: "webhook.endpoint_added", actorId: admin.id });
    expect(JSON.stringify(audit)).not.toContain(result.secret.slice(6));
  });

  it("sends every event when no list is given", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result } = await add({ url: receiver.url });
    expect(result.ok).toBe(true);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: result.id } })).events).toEqual([]);
  });

  it.each([
    ["empty", "  ", "Enter the URL that receives the events."],
    ["not a URL", "hooks.example.com/glyphic", "Enter a full URL, such as https://hooks.example.com/glyphic."],
    ["another scheme", "ftp://hooks.example.com/glyphic", "The URL must start with https:// or http://."],
    [
      "with a password",
      "https://user:secret@hooks.example.com/glyphic",
      "Remove the user name and password from the URL: events are signed instead.",
    ],
    [
      "2,001 characters",
      `https://hooks.example.com/${"a".repeat(1_975)}`,
      "The URL is too long (at most 2,000 characters).",
    ],
    ["not text", 42, "Enter the URL that receives the events."],
  ])("refuses a URL that is %s with the URL's own message, and adds nothing", async (_label, url, message) => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result, revalidated } = await add({ url, events: [] });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { url: [message] } });
    expect(revalidated).toEqual([]);
    expect(await db.webhookEndpoint.count({ where: { organizationId: org.id } })).toBe(0);
  });

  it.each([
    ["an unknown event", ["key.teleported"]],
    ["the test event", ["webhook.test"]],
    ["not a list", "key.created"],
  ])("refuses %s in the events", async (_label, events) => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result } = await add({ url: receiver.url, events });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { events: [expect.any(String)] } });
    expect(await db.webhookEndpoint.count({ where: { organizationId: org.id } })).toBe(0);
  });
});

describe("the webhook actions refuse", () => {
  it("a member, changing nothing", async () => {
    const { org, admin, endpoint } = await adminWithEndpoint();
    signInAs(await createMember(org.id, "MEMBER"), org);
    const forbidden = {
      ok: false,
      code: "forbidden",
      error: "You don't have permission to manage API keys. Ask an admin of your organization for help.",
    };
    const endpointId = endpoint.id;
    expect(await addWebhookEndpointAction({ url: receiver.url, events: [] })).toEqual(forbidden);
    expect(await setWebhookEndpointEnabledAction({ endpointId, enabled: false })).toEqual(forbidden);
    expect(await rollWebhookSecretAction({ endpointId })).toEqual(forbidden);
    expect(await sendWebhookTestAction({ endpointId })).toEqual(forbidden);
    expect(await retryWebhookDeliveryAction({ endpointId, deliveryId: "whd_none" })).toEqual(forbidden);
    expect(await deleteWebhookEndpointAction({ endpointId })).toEqual(forbidden);
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.disabledAt).toBeNull();
    expect(row.previousSecretCiphertext).toBeNull();
    expect(await db.webhookEndpoint.count({ where: { organizationId: org.id } })).toBe(1);
    expect(receiver.received).toHaveLength(0);
    expect(await db.auditEvent.count({ where: { organizationId: org.id, actorId: { not: admin.id } } })).toBe(0);
  });

  it("another organization's endpoint as not found, changing nothing", async () => {
    const { endpoint } = await adminWithEndpoint();
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const endpointId = endpoint.id;
    for (const [definition, input] of [
      [setWebhookEndpointEnabledAction.definition, { endpointId, enabled: false }],
      [rollWebhookSecretAction.definition, { endpointId }],
      [sendWebhookTestAction.definition, { endpointId }],
      [retryWebhookDeliveryAction.definition, { endpointId, deliveryId: "whd_none" }],
      [deleteWebhookEndpointAction.definition, { endpointId }],
    ] as const) {
      const { result, revalidated } = await run(definition, input);
      expect(result).toEqual({
        ok: false,
        code: "not_found",
        error: "This endpoint no longer exists. Reload the page.",
      });
      expect(revalidated).toEqual([]);
    }
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({ disabledAt: null, previousSecretCiphertext: null });
    expect(receiver.received).toHaveLength(0);
  });

  it("an id that is no id, with a sentence", async () => {
    const { admin, org } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result } = await run(rollWebhookSecretAction.definition, { endpointId: "whe_\u0000" });
    expect(result).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { endpointId: [expect.any(String)] },
    });
  });
});

describe("the endpoint's page actions", () => {
  it("Send test event delivers a signed webhook.test and says so; revalidates the list and the page", async () => {
    const { endpoint } = await adminWithEndpoint();
    const { result, revalidated } = await run(sendWebhookTestAction.definition, { endpointId: endpoint.id });
    expect(result).toMatchObject({ ok: true, attempt: { delivered: true, status: 204, error: null } });
    expect(revalidated).toEqual([API_SETTINGS_PATH, webhookEndpointPath(endpoint.id)]);
    const [request] = await receiver.waitFor(1);
    const event = new Webhook(endpoint.secret).verify(request.body, request.headers as Record<string, string>);
    expect(event).toMatchObject({ type: "webhook.test" });
  });

  it("a failed attempt says why; Retry after the receiver is fixed delivers it", async () => {
    const { endpoint } = await adminWithEndpoint();
    receiver.fallback = { status: 500 };
    const sent = await run(sendWebhookTestAction.definition, { endpointId: endpoint.id });
    expect(sent.result).toMatchObject({ ok: true, attempt: { delivered: false, status: 500 } });
    receiver.fallback = { status: 204 };
    const retried = await run(retryWebhookDeliveryAction.definition, {
      endpointId: endpoint.id,
      deliveryId: sent.result.attempt.deliveryId,
    });
    expect(retried.result).toMatchObject({ ok: true, attempt: { delivered: true, status: 204 } });
    expect(retried.revalidated).toEqual([API_SETTINGS_PATH, webhookEndpointPath(endpoint.id)]);
    const again = await run(retryWebhookDeliveryAction.definition, {
      endpointId: endpoint.id,
      deliveryId: sent.result.attempt.deliveryId,
    });
    expect(again.result).toEqual({ ok: false, code: "invalid_input", error: "This event was delivered already." });
  });

  it("Roll secret returns a new secret once; both secrets sign for 24 hours", async () => {
    const { endpoint } = await adminWithEndpoint();
    const before = Date.now();
    const { result } = await run(rollWebhookSecretAction.definition, { endpointId: endpoint.id });
    expect(result).toMatchObject({ ok: true, secret: expect.stringMatching(/^whsec_/) });
    expect(result.secret).not.toBe(endpoint.secret);
    const until = Date.parse(result.previousValidUntil);
    expect(until - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1_000);
    expect(until - before).toBeLessThanOrEqual(24 * 3_600_000 + 60_000);
    await run(sendWebhookTestAction.definition, { endpointId: endpoint.id });
    const [request] = await receiver.waitFor(1);
    for (const secret of [result.secret, endpoint.secret]) {
      expect(new Webhook(secret).verify(request.body, request.headers as Record<string, string>)).toBeTruthy();
    }
  });

  it("Disable stops test events, Enable starts them again; Delete removes the endpoint; each is audited", async () => {
    const { org, endpoint } = await adminWithEndpoint();
    const endpointId = endpoint.id;
    expect((await run(setWebhookEndpointEnabledAction.definition, { endpointId, enabled: false })).result).toEqual({
      ok: true,
      enabled: false,
    });
    expect((await run(sendWebhookTestAction.definition, { endpointId })).result).toEqual({
      ok: false,
      code: "invalid_input",
      error: "Enable the endpoint to send it a test event.",
    });
    expect((await run(setWebhookEndpointEnabledAction.definition, { endpointId, enabled: true })).result.ok).toBe(true);
    expect((await run(deleteWebhookEndpointAction.definition, { endpointId })).result).toEqual({ ok: true });
    expect(await db.webhookEndpoint.count({ where: { id: endpointId } })).toBe(0);
    const actions = await db.auditEvent.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: "asc" } });
    expect(actions.map((event) => event.action)).toEqual([
      "webhook.endpoint_added",
      "webhook.endpoint_disabled",
      "webhook.endpoint_enabled",
      "webhook.endpoint_deleted",
    ]);
    expect(receiver.received).toHaveLength(0);
  });
});
