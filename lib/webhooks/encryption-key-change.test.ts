import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, expect, it, vi } from "vitest";
import { startWebhookReceiver } from "@/tests/webhook-receiver";

/**
 * An operator replaces WEBHOOK_ENCRYPTION_KEY: secrets sealed under the old key no longer open,
 * so deliveries fail with a message naming the variable — until the endpoint's secret is rolled,
 * after which the new secret alone signs (the old one, unreadable, is left out of the overlap
 * instead of failing every delivery for 24 hours). Each step reads a fresh environment.
 */
const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());
afterEach(() => vi.unstubAllEnvs());

async function withKey(fill: number) {
  vi.resetModules();
  vi.stubEnv("WEBHOOK_ENCRYPTION_KEY", Buffer.alloc(32, fill).toString("base64"));
  return {
    endpoints: {
      ...(await import("../webhook-endpoints/endpoints")),
      ...(await import("../webhook-endpoints/attempts")),
    },
    factories: await import("@/tests/factories"),
  };
}

it("after a key change, deliveries fail naming the variable until the secret is rolled", async () => {
  const before = await withKey(1);
  const { actor } = await before.factories.orgWithAdmin();
  const endpoint = await before.endpoints.addWebhookEndpoint(actor, { url: receiver.url, events: [] });
  expect(await before.endpoints.sendTestEvent(actor, endpoint.id)).toMatchObject({ delivered: true });

  const after = await withKey(2);
  const failed = await after.endpoints.sendTestEvent(actor, endpoint.id);
  expect(failed).toMatchObject({ delivered: false, status: null });
  expect(failed.error).toMatch(/cannot be decrypted with WEBHOOK_ENCRYPTION_KEY/);
  expect(receiver.received).toHaveLength(1);

  const rolled = await after.endpoints.rollWebhookSecret(actor, endpoint.id);
  expect(await after.endpoints.sendTestEvent(actor, endpoint.id)).toMatchObject({ delivered: true });
  const last = receiver.received[receiver.received.length - 1];
  expect(String(last.headers["webhook-signature"]).split(" ")).toHaveLength(1);
  expect(new Webhook(rolled.secret).verify(last.body, last.headers as Record<string, string>)).toMatchObject({
    type: "webhook.test",
  });
});
