import { randomBytes, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { requestSinks } from "@/tests/request-sinks";
import { createApiKey } from "../api-keys/commands/create";
import { networkRows } from "./key-networks";
import { permissionRows } from "./permission-use";
import type { RecordedRequest } from "./records";
import type { RequestSink } from "./sink";
import { applyBatch } from "./store";

/**
 * The flush-time aggregates (ApiKeyNetwork, ApiKeyPermissionUse) and the new-network alert, on
 * real Postgres, through both sinks (memory, and Upstash through the local REST bridge over a real
 * Redis) and through applyBatch directly for the cases that need chosen times or concurrency.
 */
const DAY_MS = 86_400_000;
const sinks = requestSinks();

async function newKey(name = "Warehouse export") {
  const org = await createOrganization({ name: `Acme ${randomBytes(4).toString("hex")}` });
  const owner = await createMember(org.id, "OWNER");
  const admin = await createMember(org.id, "ADMIN");
  const member = await createMember(org.id, "MEMBER");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
  return { id: created.summary.id, org, owner, admin, member, name };
}

const request = (
  keyId: string,
  at: number,
  clientAddress: string,
  more: Partial<RecordedRequest> = {},
): RecordedRequest => ({
  keyId,
  at,
  method: "GET",
  path: "/api/v1/calls",
  status: 200,
  clientAddress,
  userAgent: "warehouse/1.0",
  durationMs: 3,
  ...more,
});

const many = (count: number, make: (index: number) => RecordedRequest) =>
  Array.from({ length: count }, (_, i) => make(i));

async function networks(keyId: string) {
  const rows = await db.apiKeyNetwork.findMany({ where: { apiKeyId: keyId }, orderBy: [{ network: "asc" }] });
  return rows.map(({ network, requests, lastUserAgent }) => ({ network, requests, lastUserAgent }));
}

async function alerts(keyId: string) {
  const rows = await db.keyNetworkAlert.findMany({ where: { apiKeyId: keyId }, orderBy: { firstRequestAt: "asc" } });
  return rows.map(({ network, address, userAgent }) => ({ network, address, userAgent }));
}

/** The emails queued about this key (told apart from other tests' by the organization's unique name). */
async function emails(keyName: string, organizationName: string) {
  const messages = await db.outboxMessage.findMany({ orderBy: { createdAt: "asc" } });
  return messages
    .map((message) => message.payload as { to: string[]; subject: string; text: string })
    .filter((payload) => payload.subject.includes(`"${keyName}"`) && payload.text.includes(organizationName));
}

describe.each(sinks)("through the %s sink", (_backend, make) => {
  async function send(sink: RequestSink, requests: RecordedRequest[]) {
    for (const each of requests) await sink.record(each)?.();
    await sink.flush();
  }

  it("keeps the networks and the permissions each key used, per day, at flush", async () => {
    const sink = make();
    sink.reset(Date.now());
    const key = await newKey();
    const at = Date.now();
    await send(sink, [
      request(key.id, at, "203.0.113.7"),
      request(key.id, at + 1, "203.0.113.200", { userAgent: "warehouse/2.0" }),
      request(key.id, at + 2, "2001:db8:1:2::9", { method: "POST", path: "/api/v1/keys", status: 201 }),
      request(key.id, at + 3, "unknown", { path: "/api/v1/activity" }),
      // Refused: counted where it came from, but exercised nothing.
      request(key.id, at + 4, "198.51.100.1", { path: "/api/v1/keys", status: 403 }),
      request(key.id, at + 5, "198.51.100.2", { path: "/api/v1/me" }),
    ]);
    expect(await networks(key.id)).toEqual([
      { network: "198.51.100.0/24", requests: 2, lastUserAgent: "warehouse/1.0" },
      { network: "2001:db8:1::/48", requests: 1, lastUserAgent: "warehouse/1.0" },
      { network: "203.0.113.0/24", requests: 2, lastUserAgent: "warehouse/2.0" },
    ]);
    const used = await db.apiKeyPermissionUse.findMany({ where: { apiKeyId: key.id }, orderBy: { permission: "asc" } });
    expect(used.map(({ permission, requests }) => ({ permission, requests }))).toEqual([
      { permission: "activity:read", requests: 1 },
      { permission: "calls:read", requests: 2 },
      { permission: "keys:write", requests: 1 },
    ]);
    // A second flush adds to the same day's rows.
    await send(sink, [request(key.id, at + 10, "203.0.113.9", { userAgent: "warehouse/3.0" })]);
    expect((await networks(key.id)).find((row) => row.network === "203.0.113.0/24")).toEqual({
      network: "203.0.113.0/24",
      requests: 3,
      lastUserAgent: "warehouse/3.0",
    });
  });

  it("alerts once when an established key is used from a new network, and emails owners and admins", async () => {
    const sink = make();
    sink.reset(Date.now());
    const key = await newKey();
    const at = Date.now();
    await send(
      sink,
      many(100, (i) => request(key.id, at + i, "192.0.2.10")),
    );
    expect(await alerts(key.id)).toEqual([]);
    await send(sink, [request(key.id, at + 200, "203.0.113.5", { userAgent: "curl/8.5.0" })]);
    expect(await alerts(key.id)).toEqual([
      { network: "203.0.113.0/24", address: "203.0.113.5", userAgent: "curl/8.5.0" },
    ]);
    const sent = await emails(key.name, key.org.name);
    expect(sent).toHaveLength(1);
    expect(sent[0].to.sort()).toEqual([key.owner.email, key.admin.email].sort());
    expect(sent[0].subject).toBe(`API key "${key.name}" was used from 203.0.113.0/24 for the first time`);
    expect(sent[0].text).toContain("User agent: curl/8.5.0");
    // The same network again the same day, from another address of it: nothing more.
    await send(sink, [request(key.id, at + 300, "203.0.113.99")]);
    expect(await alerts(key.id)).toHaveLength(1);
    expect(await emails(key.name, key.org.name)).toHaveLength(1);
  });
});

describe("what counts as a new network, and for which keys", () => {
  const batch = (requests: RecordedRequest[]) => applyBatch(randomUUID(), [], requests);

  it("never alerts for a key without history: its first networks are simply where it runs", async () => {
    const key = await newKey();
    const at = Date.now();
    await batch(many(20, (i) => request(key.id, at + i, "192.0.2.10")));
    await batch([request(key.id, at + 100, "203.0.113.5")]);
    expect(await alerts(key.id)).toEqual([]);
    expect(await networks(key.id)).toHaveLength(2);
  });

  it("counts the requests recorded before it, this batch's included: 100 then a new network in one flush alerts", async () => {
    const key = await newKey();
    const at = Date.now();
    const counts = [{ ref: key.id, byHash: false, bucket: Math.floor(at / 3_600_000) * 3_600_000, requests: 101 }];
    await applyBatch(
      randomUUID(),
      counts.map((row) => ({ ...row, rateLimited: 0, clientErrors: 0, serverErrors: 0 })),
      [...many(100, (i) => request(key.id, at + i, "192.0.2.10")), request(key.id, at + 500, "203.0.113.5")],
    );
    expect(await alerts(key.id)).toEqual([
      { network: "203.0.113.0/24", address: "203.0.113.5", userAgent: "warehouse/1.0" },
    ]);
  });

  it("treats a key first used more than a day ago as established, whatever its count", async () => {
    const key = await newKey();
    const now = Date.now();
    await db.apiKeyUsage.create({
      data: { apiKeyId: key.id, bucket: new Date(Math.floor((now - 2 * DAY_MS) / 3_600_000) * 3_600_000), requests: 3 },
    });
    await batch([request(key.id, now, "2001:db8:aa:1::1")]);
    expect(await alerts(key.id)).toEqual([
      { network: "2001:db8:aa::/48", address: "2001:db8:aa:1::1", userAgent: "warehouse/1.0" },
    ]);
  });

  it("alerts again for a network unused for 30 days, and at most once a day", async () => {
    const key = await newKey();
    const start = Date.now() - 40 * DAY_MS;
    await db.apiKeyUsage.create({
      data: {
        apiKeyId: key.id,
        bucket: new Date(Math.floor((start - 2 * DAY_MS) / 3_600_000) * 3_600_000),
        requests: 500,
      },
    });
    await batch([request(key.id, start, "203.0.113.5")]);
    await batch([request(key.id, start + 3 * DAY_MS, "203.0.113.5")]); // used again within 30 days: not new
    expect(await alerts(key.id)).toHaveLength(1);
    await batch([request(key.id, start + 34 * DAY_MS, "203.0.113.6")]); // 31 days unused: new again
    expect(await alerts(key.id)).toHaveLength(2);
    // New again 31 days later, but an alert for it is younger than a day (its rows were removed,
    // as the retention job would): still one a day.
    await db.apiKeyNetwork.deleteMany({ where: { apiKeyId: key.id } });
    await batch([request(key.id, start + 34 * DAY_MS + 3_600_000, "203.0.113.7")]);
    expect(await alerts(key.id)).toHaveLength(2);
    expect(await emails(key.name, key.org.name)).toHaveLength(2);
  });

  it("makes one alert and one email when two flushes carry the same new network at once", async () => {
    const key = await newKey();
    const at = Date.now();
    await batch(many(150, (i) => request(key.id, at - 60_000 + i, "192.0.2.10")));
    await db.apiKeyUsage.create({
      data: { apiKeyId: key.id, bucket: new Date(Math.floor(at / 3_600_000) * 3_600_000), requests: 150 },
    });
    for (let round = 0; round < 3; round++) {
      const network = `198.51.${100 + round}`;
      await Promise.all(
        [1, 2, 3, 4].map((n) =>
          batch([request(key.id, at + round * 10 + n, `${network}.${n}`, { userAgent: `flush-${n}` })]),
        ),
      );
    }
    expect((await alerts(key.id)).map((row) => row.network)).toEqual([
      "198.51.100.0/24",
      "198.51.101.0/24",
      "198.51.102.0/24",
    ]);
    expect(await emails(key.name, key.org.name)).toHaveLength(3);
  });
});

describe("the rows a batch is folded into (pure)", () => {
  it("counts each key's requests before a network's first one, in time order", () => {
    const at = 1_000 * DAY_MS;
    const rows = networkRows([
      request("k", at + 5, "203.0.113.1"),
      request("k", at + 1, "192.0.2.1"),
      request("k", at + 2, "192.0.2.2"),
      request("k", at + 9, "unknown"),
      request("k", at + DAY_MS, "192.0.2.3"),
    ]);
    expect(rows.map(({ network, day, requests, before }) => ({ network, day, requests, before }))).toEqual([
      { network: "192.0.2.0/24", day: at, requests: 2, before: 0 },
      { network: "203.0.113.0/24", day: at, requests: 1, before: 2 },
      { network: "192.0.2.0/24", day: at + DAY_MS, requests: 1, before: 4 },
    ]);
  });

  it("keeps only successful requests of an operation that declares a permission", () => {
    const at = 1_000 * DAY_MS;
    const rows = permissionRows([
      request("k", at, "192.0.2.1"),
      request("k", at + 1, "192.0.2.1", { status: 429 }),
      request("k", at + 2, "192.0.2.1", { path: "/api/v1/me" }),
      request("k", at + 3, "192.0.2.1", { path: "/api/v1/keys/abc", method: "DELETE" }),
      { ...request("k", at + 4, "192.0.2.1"), keyId: undefined, keyHash: "h" },
    ]);
    expect(rows).toEqual([
      { keyId: "k", permission: "calls:read", day: at, lastAt: at, requests: 1 },
      { keyId: "k", permission: "keys:write", day: at, lastAt: at + 3, requests: 1 },
    ]);
  });
});
