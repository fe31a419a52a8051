import { Webhook } from "standardwebhooks";
import { afterAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { setKeyPolicies } from "@/lib/api-keys/commands/policies";
import { revokeApiKey, revokeLeakedApiKey } from "@/lib/api-keys/commands/revoke";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { updateApiKey } from "@/lib/api-keys/commands/update";
import { NO_POLICY } from "@/lib/api-keys/policies";
import { database, db } from "@/lib/db/client";
import { runExpiryReminders } from "@/lib/jobs/expiry-reminders";
import { reportStillTried } from "@/lib/requests/still-tried-events";
import { orgWithAdmin } from "@/tests/factories";
import { startWebhookReceiver } from "@/tests/webhook-receiver";
import { sendTestEvent } from "../webhook-endpoints/attempts";
import { addWebhookEndpoint } from "../webhook-endpoints/endpoints";
import { sendDueWebhooks } from "../webhooks/dispatch";
import { WEBHOOK_BODY_SCHEMAS, webhookBodySchema } from "./webhook-schemas";

/**
 * What the real commands and detectors send, received over HTTP by a real receiver and verified
 * with standardwebhooks, parses with the documented schema of its type — with nothing left over,
 * so no field is sent that the OpenAPI document does not declare.
 */
const receiver = await startWebhookReceiver();
afterAll(() => receiver.stop());

describe("the documented event schemas", () => {
  it("parse every body the app sends, exactly", async () => {
    const { org, actor } = await orgWithAdmin();
    const endpoint = await addWebhookEndpoint(actor, { url: receiver.url, events: [] });
    const created = await createApiKey({ ...actor, name: "Deploy bot", expiresInDays: 3 });
    const robot = await createApiKey({ ...actor, name: "CI rotation", permissions: ["keys:write"] });
    const keyId = created.summary.id;
    // Through the API: an api_key actor; name and expiry in one request, one key.updated.
    const asRobot = {
      organizationId: org.id,
      userId: null,
      apiKey: { ...robot.summary, permissions: ["calls:read", "keys:read", "keys:write"] as const },
    };
    await updateApiKey({ ...asRobot, keyId, name: "Deploy bot 2", expiresAt: new Date(Date.now() + 2 * 86_400_000) });
    await updateApiKey({
      ...actor,
      keyId,
      permissions: ["calls:read", "keys:read"],
      allowedAddresses: ["203.0.113.0/24"],
    });
    // Rolling the replacement ends the old key's grace period: key.updated, replacement_rolled.
    const first = await rollApiKey({ ...actor, keyId: robot.summary.id, grace: "24h" });
    const second = await rollApiKey({ ...actor, keyId: first.summary.id, grace: "1h" });
    await revokeApiKey({ ...actor, keyId: second.summary.id });
    const leaked = await createApiKey({ ...actor, name: "Leaky" });
    await revokeLeakedApiKey(
      { organizationId: org.id, keyId: leaked.summary.id },
      { reporter: "github", tokenType: "glyphic_api_key", url: null, source: "content" },
    );
    await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, maxKeyLifetimeDays: 365 } });
    await sendTestEvent(actor, endpoint.id);
    await database().withSession((session) => runExpiryReminders(session, {}));
    await db.$transaction((tx) =>
      reportStillTried(tx, [
        {
          keyId: leaked.summary.id,
          at: Date.now(),
          method: "GET",
          path: "/api/v1/me",
          status: 401,
          clientAddress: "198.51.100.7",
          userAgent: "curl/8.5.0",
          durationMs: 2,
        },
      ]),
    );
    await sendDueWebhooks();

    const events = await db.webhookEvent.findMany({ where: { organizationId: org.id }, select: { type: true } });
    const received = await receiver.waitFor(events.length);
    const types = new Set<string>();
    for (const { body, headers } of received) {
      const verified = new Webhook(endpoint.secret).verify(body, headers as Record<string, string>);
      const parsed = webhookBodySchema.parse(verified);
      expect(parsed, body).toEqual(JSON.parse(body));
      types.add(parsed.type);
    }
    expect([...types].sort()).toEqual([
      "key.created",
      "key.expiring",
      "key.leaked",
      "key.revoked",
      "key.rolled",
      "key.still_tried",
      "key.updated",
      "policy.updated",
      "webhook.test",
    ]);
    const updates = received.map(({ body }) => JSON.parse(body)).filter((event) => event.type === "key.updated");
    expect(updates.map((event) => event.data.changes)).toEqual(
      expect.arrayContaining([["name", "expiresAt"], ["permissions", "allowedAddresses"], ["expiresAt"]]),
    );
    expect(updates.find((event) => event.data.actor.type === "api_key")?.data.previousName).toBe("Deploy bot");
    // The schema of one type does not take another's body.
    const test = received.map(({ body }) => JSON.parse(body)).find((event) => event.type === "webhook.test");
    expect(WEBHOOK_BODY_SCHEMAS["key.created"].safeParse(test).success).toBe(false);
  });
});
