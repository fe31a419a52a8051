import { Webhook } from "standardwebhooks";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { inOrganization } from "@/lib/api-keys/commands/key-change";
import { db } from "@/lib/db/client";
import { orgWithAdmin } from "@/tests/factories";
import { settleWebhooks } from "@/tests/webhook-endpoint";
import { startWebhookReceiver } from "@/tests/webhook-receiver";
import { claimWithoutSending, LEASE_MS, WEBHOOK_RETRY_DELAYS_MS } from "../outbox/outbox";
import { retryDelivery, sendTestEvent } from "../webhook-endpoints/attempts";
import { addWebhookEndpoint, deleteWebhookEndpoint, rollWebhookSecret } from "../webhook-endpoints/endpoints";
import { runWebhooks } from "../webhook-endpoints/job";
import { loadWebhookEndpointPage } from "../webhook-endpoints/views";
import { SWEEP_EVERY_MS, sendDueWebhooks, sweepAfterResponse } from "./dispatch";
import { writeWebhookEvent } from "./events";
import { DEVELOPMENT_KEY, open } from "./secret-box";

/**
 * Webhooks end to end on the real database and a real HTTP receiver. Deliveries are verified
 * with the `standardwebhooks` package — what a receiver would use —, never with our signer.
 */
const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());

beforeEach(async () => {
  await settleWebhooks();
  receiver.received.length = 0;
  receiver.respond.length = 0;
  receiver.fallback = { status: 204 };
});

const verified = (secret: string, index = 0) => {
  const request = receiver.received[index];
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    timestamp: string;
    // biome-ignore lint/suspicious/noExplicitAny: a received body, read field by field
    data: Record<string, any>;
  };
};

async function withEndpoint(events: Parameters<typeof addWebhookEndpoint>[1]["events"] = []) {
  const setup = await orgWithAdmin();
  const endpoint = await addWebhookEndpoint(setup.actor, { url: receiver.url, events });
  return { ...setup, endpoint };
}

describe("webhook delivery", () => {
  it("sends a key change once it commits, signed so that standardwebhooks verifies it, without the key", async () => {
    const { org, actor, endpoint } = await withEndpoint();
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const created = await createApiKey({ ...actor, name: "Deploy bot", expiresInDays: 30 });
    await receiver.waitFor(1);
    const event = verified(endpoint.secret);
    expect(event.type).toBe("key.created");
    expect(event.data.organization).toEqual({ id: org.id, slug: org.slug });
    expect(event.data.key).toMatchObject({
      id: created.summary.id,
      name: "Deploy bot",
      status: "active",
      permissions: ["calls:read"],
    });
    expect(event.data.actor).toMatchObject({ type: "user", name: "Ada Admin" });
    const { body, headers } = receiver.received[0];
    expect(headers["webhook-id"]).toMatch(/^msg_/);
    expect(body).not.toContain(created.key);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.summary.id }, select: { hash: true } });
    expect(body).not.toContain(row.hash);
    // A signature made with another secret does not verify: the check can fail.
    expect(() => verified(`whsec_${Buffer.alloc(24, 7).toString("base64")}`)).toThrow();
  });

  it("stores the secret sealed, bound to its endpoint", async () => {
    const { endpoint } = await withEndpoint();
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.secretCiphertext).not.toContain(endpoint.secret.slice(6));
    expect(open(DEVELOPMENT_KEY, row.secretCiphertext, endpoint.id)).toBe(endpoint.secret);
    expect(() => open(DEVELOPMENT_KEY, row.secretCiphertext, "whe_another")).toThrow(/cannot be decrypted/);
  });

  it("retries a failed attempt on schedule: a receiver that failed first gets the same event on the retry", async () => {
    const { actor, endpoint } = await withEndpoint();
    receiver.respond.push({ status: 503 });
    await sendTestEvent(actor, endpoint.id);
    const [first] = await receiver.waitFor(1);
    let page = await loadWebhookEndpointPage(actor.organizationId, endpoint.id);
    expect(page?.deliveries[0]).toMatchObject({ state: "retrying", attempts: 1, status: 503, type: "webhook.test" });
    const retryAt = new Date(page?.deliveries[0].nextAttemptAt as string);
    expect(retryAt.getTime() - new Date(page?.deliveries[0].lastAttemptAt as string).getTime()).toBeGreaterThanOrEqual(
      WEBHOOK_RETRY_DELAYS_MS[0] - 1_000,
    );
    // Not due yet: nothing is sent.
    expect(await sendDueWebhooks({ now: () => new Date(retryAt.getTime() - 1_000) })).toMatchObject({ sent: 0 });
    expect(await runWebhooks({ now: () => retryAt })).toMatchObject({ sent: 1 });
    const [, second] = await receiver.waitFor(2);
    expect(second.headers["webhook-id"]).toBe(first.headers["webhook-id"]);
    expect(verified(endpoint.secret, 1).type).toBe("webhook.test");
    page = await loadWebhookEndpointPage(actor.organizationId, endpoint.id);
    expect(page?.deliveries[0]).toMatchObject({ state: "delivered", attempts: 2, status: 204 });
  });

  it("signs with the old and the new secret during a roll's overlap, then with the new one only", async () => {
    const { actor, endpoint } = await withEndpoint();
    const rolled = await rollWebhookSecret(actor, endpoint.id);
    expect(rolled.secret).not.toBe(endpoint.secret);
    await sendTestEvent(actor, endpoint.id);
    await receiver.waitFor(1);
    expect(String(receiver.received[0].headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(verified(endpoint.secret).type).toBe("webhook.test");
    expect(verified(rolled.secret).type).toBe("webhook.test");
    // The overlap ends: only the new secret signs.
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { previousSecretExpiresAt: new Date(Date.now() - 1) },
    });
    await sendTestEvent(actor, endpoint.id);
    await receiver.waitFor(2);
    expect(verified(rolled.secret, 1).type).toBe("webhook.test");
    expect(() => verified(endpoint.secret, 1)).toThrow();
  });

  it("writes nothing for a change that rolls back", async () => {
    const { actor, endpoint } = await withEndpoint();
    const before = await db.webhookEvent.count();
    await expect(
      inOrganization(actor, async ({ emit, audit }) => {
        await emit({ type: "webhook.test", endpointId: endpoint.id });
        await audit(null, { action: "organization.policies_changed", details: { changes: ["x"] } });
        throw new Error("the change failed after its events were written");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.webhookEvent.count()).toBe(before);
    expect(await db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
    expect(await db.outboxMessage.count({ where: { kind: "webhook", sentAt: null } })).toBe(0);
  });

  it("two job runs at once send each due attempt once", async () => {
    const { org, endpoint } = await withEndpoint();
    const ids: string[] = [];
    for (let index = 0; index < 24; index++) {
      ids.push(
        ...(await db.$transaction((tx) =>
          writeWebhookEvent(tx, {
            organizationId: org.id,
            type: "webhook.test",
            endpointId: endpoint.id,
            actor: { type: "system", name: "Test" },
            now: new Date(),
          }),
        )),
      );
    }
    expect(ids).toHaveLength(24);
    receiver.fallback = { status: 204, delayMs: 20 };
    const [one, two] = await Promise.all([runWebhooks(), runWebhooks()]);
    expect(one.sent + two.sent).toBe(24);
    const received = receiver.received.map((request) => request.headers["webhook-id"]);
    expect(received).toHaveLength(24);
    expect(new Set(received).size).toBe(24);
  });

  it("an instance that dies after claiming an attempt delays it by the lease, never loses it", async () => {
    const { org, endpoint } = await withEndpoint();
    const [id] = await db.$transaction((tx) =>
      writeWebhookEvent(tx, {
        organizationId: org.id,
        type: "webhook.test",
        endpointId: endpoint.id,
        actor: { type: "system", name: "Test" },
        now: new Date(),
      }),
    );
    // The dying instance: its claim holds the delivery for the lease, then it is anyone's.
    expect(await claimWithoutSending(new Date(), 10)).toEqual([id]);
    expect(await runWebhooks()).toMatchObject({ sent: 0 });
    expect(await runWebhooks({ now: () => new Date(Date.now() + LEASE_MS + 1_000) })).toMatchObject({ sent: 1 });
    expect(receiver.received).toHaveLength(1);
    expect(verified(endpoint.secret).type).toBe("webhook.test");
  });

  it("a page's response sends due retries in the background, at most once per 30 s per instance", async () => {
    const { org, endpoint } = await withEndpoint();
    const due = () =>
      db.$transaction((tx) =>
        writeWebhookEvent(tx, {
          organizationId: org.id,
          type: "webhook.test",
          endpointId: endpoint.id,
          actor: { type: "system", name: "Test" },
          now: new Date(),
        }),
      );
    await due();
    // Later than any sweep an earlier test's change started.
    const clock = vi.spyOn(Date, "now").mockReturnValue(Date.now() + SWEEP_EVERY_MS * 10);
    try {
      sweepAfterResponse();
      await receiver.waitFor(1);
      await due();
      sweepAfterResponse(); // within 30 s of the last: nothing
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(1);
    } finally {
      clock.mockRestore();
    }
    // The one the throttle held back goes with the next sweep or job run.
    expect(await sendDueWebhooks()).toMatchObject({ sent: 1 });
  });

  it("drops a waiting delivery whose endpoint was deleted, sending nothing", async () => {
    const { actor, endpoint } = await withEndpoint();
    receiver.fallback = { status: 500 };
    const first = await sendTestEvent(actor, endpoint.id);
    expect(first.delivered).toBe(false);
    await deleteWebhookEndpoint(actor, endpoint.id);
    const retryAt = new Date(Date.now() + WEBHOOK_RETRY_DELAYS_MS[0] + 1_000);
    expect(await runWebhooks({ now: () => retryAt })).toMatchObject({ sent: 0, dropped: 1, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    expect(await db.webhookDelivery.count({ where: { id: first.deliveryId } })).toBe(0);
  });

  it("Retry sends a given-up delivery once more", async () => {
    const { actor, endpoint } = await withEndpoint();
    receiver.fallback = { status: 500 };
    const first = await sendTestEvent(actor, endpoint.id);
    expect(first).toMatchObject({ delivered: false, status: 500 });
    await db.outboxMessage.update({ where: { id: first.deliveryId }, data: { attempts: 9, failedAt: new Date() } });
    await db.webhookDelivery.update({ where: { id: first.deliveryId }, data: { failedAt: new Date() } });
    receiver.fallback = { status: 200 };
    expect(await retryDelivery(actor, endpoint.id, first.deliveryId)).toMatchObject({ delivered: true, status: 200 });
    const page = await loadWebhookEndpointPage(actor.organizationId, endpoint.id);
    expect(page?.deliveries[0]).toMatchObject({ state: "delivered", attempts: 2 });
  });
});
