import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "../../scripts/upstash-bridge";
import { startMailServer, type TestMailServer } from "../mail";
import { type App, createAcmeKey, dropSchema, schemaUrl, sessionCookie, startApp, useSchema } from "./harness";

/**
 * The new-network alert over real HTTP, end to end: a production server behind one trusted proxy
 * (TRUSTED_PROXY_HOPS=1: the client address is the last X-Forwarded-For entry), recording into
 * the Upstash buffer (the REST bridge over the local Redis) and flushed by the `flush-requests`
 * cron job; the email goes out through the `outbox` job to a real SMTP server in this process.
 * 100 requests from one address, then one from another network: a notice on Settings → API and
 * on the key's page, and exactly one email to Acme's owners and admins; a second request from that
 * network the same day sends nothing more.
 */
const SCHEMA = "system_new_network";
const CRON_SECRET = "system-new-network-cron-secret-000000000000";
let app: App;
let bridge: UpstashBridge;
let mail: TestMailServer;
let key: { key: string; id: string; prefix: string };
/** Acme's owners and admins (the demo data's owner and admin), who hear about its keys. */
const RECIPIENTS = ["admin@acme.test", "owner@acme.test"];

beforeAll(async () => {
  await useSchema(SCHEMA);
  key = await createAcmeKey("Warehouse export");
  bridge = await startUpstashBridge({ token: randomBytes(16).toString("hex") });
  mail = await startMailServer();
  app = await startApp("new-network", {
    DATABASE_URL: schemaUrl(SCHEMA),
    TRUSTED_PROXY_HOPS: "1",
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    API_RATE_LIMIT_REQUESTS: "1000",
    API_RATE_LIMIT_WINDOW_SECONDS: "3600",
    CRON_SECRET,
    SMTP_URL: mail.url,
  });
});

afterAll(async () => {
  await app?.stop();
  await bridge?.close();
  await mail?.stop();
  await dropSchema(SCHEMA);
});

/** What the proxy in front appends: the client's address as the last X-Forwarded-For entry. */
const call = (address: string, userAgent = "warehouse-sync/2.3") =>
  fetch(`${app.url}/api/v1/calls`, {
    headers: { "x-api-key": key.key, "x-forwarded-for": `10.9.8.7, ${address}`, "user-agent": userAgent },
  });

async function cron(job: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${app.url}/api/cron/${job}`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  expect(response.status, job).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

async function alerts() {
  const { db } = await import("../../lib/db/client");
  return db.keyNetworkAlert.findMany({ where: { apiKeyId: key.id } });
}

async function requestsStored(): Promise<number> {
  const { db } = await import("../../lib/db/client");
  return db.apiRequest.count({ where: { apiKeyId: key.id } });
}

/** Moves the Redis buffer to Postgres until `count` requests of the key are stored (a request's `after()` may have moved part). */
async function flushUntil(count: number) {
  for (let attempt = 0; attempt < 20 && (await requestsStored()) < count; attempt++) {
    await cron("flush-requests");
    if ((await requestsStored()) < count) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(await requestsStored()).toBe(count);
}

/** A page as the admin sees it, as text (tags and React's text separators dropped). */
async function page(path: string): Promise<string> {
  const response = await fetch(`${app.url}${path}`, { headers: { cookie: await sessionCookie("admin@acme.test") } });
  expect(response.status, path).toBe(200);
  return (await response.text()).replace(/<!-- -->/g, "").replace(/<[^>]*>/g, " ");
}

describe("a key used from a new network, through the trusted proxy header", () => {
  it("alerts once: a notice on both pages and one email to owners and admins, nothing for the next request", async () => {
    for (let i = 0; i < 100; i++) expect((await call("192.0.2.10")).status).toBe(200);
    await flushUntil(100);
    expect(await alerts()).toEqual([]);

    expect((await call("203.0.113.5", "curl/8.5.0")).status).toBe(200);
    await flushUntil(101);
    const [alert, ...more] = await alerts();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ network: "203.0.113.0/24", address: "203.0.113.5", userAgent: "curl/8.5.0" });

    await cron("outbox");
    const [email] = await mail.waitFor(1);
    expect(email.recipients).toEqual(RECIPIENTS);
    expect(email.subject).toBe('API key "Warehouse export" was used from 203.0.113.0/24 for the first time');
    expect(email.text).toContain("User agent: curl/8.5.0");

    const notice = "“Warehouse export” was used from 203.0.113.0/24 for the first time";
    const settings = await page("/settings/api");
    expect(settings.includes(notice), "the notice on Settings → API").toBe(true);
    expect(settings.includes("curl/8.5.0"), "its user agent").toBe(true);
    expect((await page(`/settings/api/keys/${key.id}`)).includes(notice), "the notice on the key's page").toBe(true);

    // The same network again, the same day, from another of its addresses: nothing more.
    expect((await call("203.0.113.77", "curl/8.5.0")).status).toBe(200);
    await flushUntil(102);
    await cron("outbox");
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mail.received).toHaveLength(1);
    expect(await alerts()).toHaveLength(1);
  });
});
