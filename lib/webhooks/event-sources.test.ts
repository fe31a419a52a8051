import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { setKeyPolicies } from "@/lib/api-keys/commands/policies";
import { revokeApiKey, revokeLeakedApiKey } from "@/lib/api-keys/commands/revoke";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { changeApiKeyExpiry, updateApiKey } from "@/lib/api-keys/commands/update";
import { NO_POLICY } from "@/lib/api-keys/policies";
import { db, jobDatabase } from "@/lib/db/client";
import { runExpiryReminders } from "@/lib/jobs/expiry-reminders";
import { runJob } from "@/lib/jobs/registry";
import type { RecordedRequest } from "@/lib/requests/records";
import { applyBatch } from "@/lib/requests/store";
import { startMailServer } from "@/tests/mail";
import { orgWithEndpoint, type ReceivedBody, settleWebhooks } from "@/tests/webhook-endpoint";
import { startWebhookReceiver } from "@/tests/webhook-receiver";
import { runWebhooks } from "../webhook-endpoints/job";

/**
 * Every event type from the place that really produces it — a command, the flush, a job — on a
 * real receiver, verified with `standardwebhooks`. The first attempts go out after the commit
 * (in the background here, as no request is in progress), so each test waits for the receiver.
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

type Body = ReceivedBody;
const setup = (events: Parameters<typeof orgWithEndpoint>[1] = []) => orgWithEndpoint(receiver, events);

const DAY_MS = 86_400_000;

describe("events from their sources", () => {
  it("key.created, key.updated (one event for a change of several fields), key.rolled, key.revoked", async () => {
    const { actor, create, received } = await setup();
    const created = await create("Billing sync");
    await updateApiKey({
      ...actor,
      keyId: created.summary.id,
      name: "Billing sync v2",
      permissions: ["calls:read", "keys:read"],
    });
    const rolled = await rollApiKey({ ...actor, keyId: created.summary.id, grace: "1h" });
    await revokeApiKey({ ...actor, keyId: rolled.summary.id });
    const events = await received(4);
    // No guaranteed order (each change's first attempt goes out on its own): found by type.
    const byType = (type: string) => events.find((event) => event.type === type) as Body;
    expect(events.map((event) => event.type).sort()).toEqual([
      "key.created",
      "key.revoked",
      "key.rolled",
      "key.updated",
    ]);
    events.splice(0, 4, byType("key.created"), byType("key.updated"), byType("key.rolled"), byType("key.revoked"));
    expect(events[1].data.changes).toEqual(["name", "permissions"]);
    expect(events[1].data.key).toMatchObject({ name: "Billing sync v2", permissions: ["calls:read", "keys:read"] });
    expect(events[2].data).toMatchObject({
      key: { id: created.summary.id, status: "rolling" },
      replacement: { id: rolled.summary.id },
    });
    expect(events[3].data.key).toMatchObject({ id: rolled.summary.id, status: "revoked" });
    expect(events.every((event) => event.data.actor.type === "user" && event.data.actor.name === "Ada Admin")).toBe(
      true,
    );
  });

  it("key.leaked and key.revoked for a key secret scanning found, by the system", async () => {
    const { org, create, received } = await setup();
    const created = await create("Leaky");
    await revokeLeakedApiKey(
      { organizationId: org.id, keyId: created.summary.id },
      {
        reporter: "github",
        tokenType: "glyphic_api_key",
        url: "https://github.com/acme/app/blob/main/.env",
        source: "commit",
      },
    );
    const events = (await received(3)).filter((event) => event.type !== "key.created");
    events.sort((a, b) => a.type.localeCompare(b.type));
    expect(events.map((event) => event.type)).toEqual(["key.leaked", "key.revoked"]);
    expect(events[1].data.actor).toEqual({ type: "system", name: "Secret scanning" });
    expect(events[0].data).toMatchObject({
      actor: { type: "system", name: "Secret scanning" },
      leak: { reporter: "github", url: "https://github.com/acme/app/blob/main/.env" },
    });
  });

  it("policy.updated, without a key", async () => {
    const { actor, received } = await setup();
    await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, maxKeyLifetimeDays: 90 } });
    const [event] = await received(1);
    expect(event.type).toBe("policy.updated");
    expect(event.data.key).toBeUndefined();
    expect(event.data.changes).toEqual(["Maximum key lifetime: 90 days"]);
  });

  it("key.expiring from the reminders job, once per key and reminder however often the job runs", async () => {
    const { actor, create, received } = await setup(["key.expiring"]);
    const created = await create("Short lived", 30);
    await changeApiKeyExpiry({ ...actor, keyId: created.summary.id, expiresInDays: 7 });
    const now = new Date(Date.now() + 60_000);
    const { sql } = jobDatabase();
    expect(await runExpiryReminders(sql, { now })).toMatchObject({ queued: 1 });
    expect(await runExpiryReminders(sql, { now })).toMatchObject({ queued: 0, alreadySent: 1 });
    // The job's clock is the reminders' (the event is due from the run that wrote it).
    expect(await runWebhooks({ now: () => now })).toMatchObject({ sent: 1 });
    const events = await received(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "key.expiring", data: { expiresInDays: 7, key: { name: "Short lived" } } });
  });

  it("the key-policies job: key.expiring before an idle key is expired, key.updated when it is, by the system", async () => {
    const { org, actor, create, received } = await setup(["key.expiring", "key.updated"]);
    const idle = await create("Idle key");
    const soon = await create("Soon idle key");
    for (const [key, idleDays] of [
      [idle, 95],
      [soon, 84],
    ] as const) {
      await db.apiKey.update({
        where: { id: key.summary.id },
        data: { createdAt: new Date(Date.now() - 400 * DAY_MS), lastUsedAt: new Date(Date.now() - idleDays * DAY_MS) },
      });
    }
    await setKeyPolicies({ ...actor, policy: { ...NO_POLICY, expireUnusedAfterDays: 90 } });
    expect(await runJob("key-policies")).toMatchObject({ expiredUnused: 1, queued: 1 });
    await runWebhooks();
    const events = await received(2);
    const expiring = events.find((event) => event.type === "key.expiring");
    const expired = events.find((event) => event.type === "key.updated");
    expect(expiring?.data).toMatchObject({ key: { name: "Soon idle key" }, reason: "unused", expiresInDays: 7 });
    expect(expired?.data).toMatchObject({
      key: { name: "Idle key", status: "expired" },
      reason: "expired_by_policy_unused",
      actor: { type: "system", name: "Key policies" },
    });
    expect(org.id).toBe(expiring?.data.organization.id);
  });

  it("key.still_tried from the flush: once per key per day, across flushes", async () => {
    const { actor, create, received } = await setup(["key.still_tried"]);
    const created = await create("Retired");
    await revokeApiKey({ ...actor, keyId: created.summary.id });
    const tried = (at: number): RecordedRequest => ({
      keyId: created.summary.id,
      at,
      method: "GET",
      path: "/api/v1/me",
      status: 401,
      clientAddress: "198.51.100.7",
      userAgent: "old-cron/1.0",
      durationMs: 2,
    });
    await applyBatch(randomUUID(), [], [tried(Date.now()), tried(Date.now() + 1)]);
    await applyBatch(randomUUID(), [], [tried(Date.now() + 2)]);
    const events = await received(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: "key.still_tried", data: { attempts: 2, key: { status: "revoked" } } });
  });

  it("key.new_network from the flush, with the network and the address", async () => {
    const { create, received } = await setup(["key.new_network"]);
    const created = await create("Warehouse export");
    const now = Date.now();
    await db.apiKeyUsage.create({
      data: {
        apiKeyId: created.summary.id,
        bucket: new Date(Math.floor((now - 2 * DAY_MS) / 3_600_000) * 3_600_000),
        requests: 3,
      },
    });
    const request: RecordedRequest = {
      keyId: created.summary.id,
      at: now,
      method: "GET",
      path: "/api/v1/calls",
      status: 200,
      clientAddress: "203.0.113.5",
      userAgent: "warehouse/1.0",
      durationMs: 3,
    };
    await applyBatch(randomUUID(), [], [request]);
    const [event] = await received(1);
    expect(event).toMatchObject({
      type: "key.new_network",
      data: { network: "203.0.113.0/24", address: "203.0.113.5", key: { name: "Warehouse export" } },
    });
  });
});
