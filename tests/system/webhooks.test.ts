import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../webhook-receiver";
import { type App, dropSchema, schemaUrl, startApp, useSchema } from "./harness";

/**
 * Webhooks across a fleet: two production servers on one database, a real receiver. A key
 * change made through the management API on one instance is delivered right after its response
 * (from `after()`), signed so that `standardwebhooks` verifies it; a failed attempt's retry,
 * when several cron calls on both instances race for it, reaches the receiver exactly once.
 */
const SCHEMA = "system_webhooks";
const CRON_SECRET = "system-webhooks-cron-secret-0000000000000000";
let a: App;
let b: App;
let receiver: WebhookReceiver;
let manager: string;
let secret: string;

beforeAll(async () => {
  await useSchema(SCHEMA);
  receiver = await startWebhookReceiver();
  const { db } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/commands/create");
  const { addWebhookEndpoint } = await import("../../lib/webhook-endpoints/endpoints");
  const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const actor = { organizationId: acme.id, userId: admin.id };
  manager = (await createApiKey({ ...actor, name: "Rotation bot", permissions: ["keys:write", "calls:read"] })).key;
  // Added before the servers start: its own first event (none) and nothing queued.
  secret = (await addWebhookEndpoint(actor, { url: receiver.url, events: ["key.created", "key.updated"] })).secret;
  const env = { DATABASE_URL: schemaUrl(SCHEMA), CRON_SECRET };
  [a, b] = await Promise.all([startApp("webhooks-a", env), startApp("webhooks-b", env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await receiver?.stop();
  await dropSchema(SCHEMA);
});

const verify = (index: number) => {
  const request = receiver.received[index];
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    data: { key: { id: string; name: string }; actor: { type: string; name: string } };
  };
};

const cron = (app: App) =>
  fetch(`${app.url}/api/cron/webhooks`, { headers: { authorization: `Bearer ${CRON_SECRET}` } }).then(
    async (response) => {
      expect(response.status).toBe(200);
      return (await response.json()) as { sent?: number; skipped?: string };
    },
  );

describe("webhooks on two instances", () => {
  it("delivers a change made through the API right after its response, naming the key that made it", async () => {
    const response = await fetch(`${a.url}/api/v1/keys`, {
      method: "POST",
      headers: { "x-api-key": manager, "content-type": "application/json" },
      body: JSON.stringify({ name: "Nightly export" }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const created = (await response.json()) as { data: { id: string; key: string } };
    await receiver.waitFor(1);
    const event = verify(0);
    expect(event.type).toBe("key.created");
    expect(event.data.key).toMatchObject({ id: created.data.id, name: "Nightly export" });
    expect(event.data.actor).toMatchObject({ type: "api_key", name: "Rotation bot" });
    expect(receiver.received[0].body).not.toContain(created.data.key);
  });

  it("sends a failed attempt's retry once, however many cron calls on both instances race for it", async () => {
    const listed = (await (
      await fetch(`${b.url}/api/v1/keys?limit=5`, { headers: { "x-api-key": manager } })
    ).json()) as {
      data: { id: string; name: string }[];
    };
    const target = listed.data.find((key) => key.name === "Nightly export") as { id: string };
    receiver.respond.push({ status: 503 });
    const before = receiver.received.length;
    const patched = await fetch(`${b.url}/api/v1/keys/${target.id}`, {
      method: "PATCH",
      headers: { "x-api-key": manager, "content-type": "application/json" },
      body: JSON.stringify({ name: "Nightly export v2" }),
    });
    expect(patched.status).toBe(200);
    await receiver.waitFor(before + 1);
    const failedId = receiver.received[before].headers["webhook-id"];
    // The retry is due 5 s later: wait for it, then race six cron calls for it.
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    const results = await Promise.all([cron(a), cron(b), cron(a), cron(b), cron(a), cron(b)]);
    const sent = results.reduce((sum, result) => sum + (result.sent ?? 0), 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const attempts = receiver.received.filter((request) => request.headers["webhook-id"] === failedId);
    expect(attempts).toHaveLength(2);
    expect(sent).toBe(1);
    expect(verify(receiver.received.indexOf(attempts[1]))).toMatchObject({
      type: "key.updated",
      data: { key: { name: "Nightly export v2" } },
    });
  });
});
