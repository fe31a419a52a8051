import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { db } from "@/lib/db/client";
import { startMailServer } from "@/tests/mail";
import { orgWithEndpoint, settleWebhooks } from "@/tests/webhook-endpoint";
import { startWebhookReceiver } from "@/tests/webhook-receiver";
import { setWebhookEndpointEnabled } from "../webhook-endpoints/endpoints";
import { runWebhooks } from "../webhook-endpoints/job";

/**
 * What an endpoint's state does to its deliveries: the events it chose, disabled by an admin,
 * and disabled by the job after 5 days of failures (audited, its admins emailed on a real SMTP
 * server, its waiting delivery given up rather than sent).
 */
const mail = await startMailServer();
process.env.SMTP_URL = mail.url;
const receiver = await startWebhookReceiver();
afterAll(async () => {
  await receiver.stop();
  await mail.stop();
});
beforeEach(async () => {
  await settleWebhooks();
  receiver.received.length = 0;
  receiver.respond.length = 0;
  receiver.fallback = { status: 204 };
});

const setup = (events: Parameters<typeof orgWithEndpoint>[1] = []) => orgWithEndpoint(receiver, events);
const DAY_MS = 86_400_000;

describe("an endpoint's events", () => {
  it("sends an endpoint only the events it chose, and a disabled endpoint nothing", async () => {
    const { actor, create, endpoint, received } = await setup(["key.revoked"]);
    const created = await create("Chosen");
    await revokeApiKey({ ...actor, keyId: created.summary.id });
    expect((await received(1)).map((event) => event.type)).toEqual(["key.revoked"]);
    await setWebhookEndpointEnabled(actor, endpoint.id, false);
    const other = await create("Other");
    await revokeApiKey({ ...actor, keyId: other.summary.id });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.received).toHaveLength(1);
  });
});

describe("an endpoint failing every attempt", () => {
  it("is disabled after 5 days, with an audit event and an email to owners and admins; its pending deliveries stop", async () => {
    const { actor, admin, create, endpoint } = await setup();
    receiver.fallback = { status: 500 };
    await create("Failing target");
    await receiver.waitFor(1);
    // A failure 4 days ago is not enough; 6 days is.
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince: new Date(Date.now() - 4 * DAY_MS) },
    });
    expect(await runWebhooks()).toMatchObject({ disabledEndpoints: 0 });
    await db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { failingSince: new Date(Date.now() - 6 * DAY_MS) },
    });
    expect(await runWebhooks()).toMatchObject({ disabledEndpoints: 1 });
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row).toMatchObject({ disabledReason: "failing" });
    expect(row.disabledAt).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: actor.organizationId, action: "webhook.endpoint_disabled" },
    });
    expect(audit).toMatchObject({ actorId: null, details: { reason: "failing", url: receiver.url } });
    const email = mail.received.find(
      (message) => message.recipients.includes(admin.email) && /Webhook endpoint disabled/.test(message.subject),
    );
    expect(email?.text).toContain(receiver.url);
    expect(email?.text).toContain("HTTP 500");
    // The next run leaves it alone, and its waiting delivery is given up instead of sent.
    expect(await runWebhooks({ now: () => new Date(Date.now() + DAY_MS) })).toMatchObject({
      disabledEndpoints: 0,
      sent: 0,
    });
    expect(receiver.received).toHaveLength(1);
  });
});
