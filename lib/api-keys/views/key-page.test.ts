import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { createApiKey } from "../commands/create";
import { revokeApiKey } from "../commands/revoke";
import { rollApiKey } from "../commands/roll";
import { loadKeyPage, RECENT_REQUESTS_LIMIT } from "./key-page";

const HOUR = 3_600_000;
const hourStart = (msAgo: number) => new Date(Math.floor((Date.now() - msAgo) / HOUR) * HOUR);

async function newKey(name = "Warehouse") {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN", "Avery Admin");
  const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name });
  return { org, admin, id: summary.id };
}

function request(apiKeyId: string, msAgo: number, overrides: Partial<{ status: number; clientAddress: string }> = {}) {
  return {
    apiKeyId,
    at: new Date(Date.now() - msAgo),
    method: "GET",
    path: "/api/v1/calls",
    status: 200,
    clientAddress: "203.0.113.9",
    userAgent: "warehouse-export/2.1",
    durationMs: 12,
    ...overrides,
  };
}

describe("a key's page", () => {
  it("is found only in the key's own organization, and never for a malformed id", async () => {
    const { org, id } = await newKey();
    const other = await createOrganization();
    expect(await loadKeyPage(org.id, id)).not.toBeNull();
    expect(await loadKeyPage(other.id, id)).toBeNull();
    for (const bad of ["nope", "\u0000", "x".repeat(65), "a b", ""]) expect(await loadKeyPage(org.id, bad)).toBeNull();
  });

  it("tells successes, client errors, rate-limited and server errors apart over 24 hours, 7 and 30 days", async () => {
    const { org, id } = await newKey();
    const usage = (
      msAgo: number,
      requests: number,
      rateLimited: number,
      clientErrors: number,
      serverErrors: number,
    ) => ({
      apiKeyId: id,
      bucket: hourStart(msAgo),
      requests,
      rateLimited,
      clientErrors,
      serverErrors,
    });
    await db.apiKeyUsage.createMany({
      data: [
        usage(0, 10, 1, 2, 0), // this hour
        usage(23 * HOUR, 5, 0, 0, 1), // the oldest hour of the last 24
        usage(24 * HOUR, 100, 10, 0, 0), // day 2
        usage(6 * 24 * HOUR + 23 * HOUR, 7, 0, 7, 0), // the oldest hour of 7 days
        usage(20 * 24 * HOUR, 1000, 0, 0, 0),
        usage(30 * 24 * HOUR, 99_999, 0, 0, 0), // outside 30 days
      ],
    });
    const page = await loadKeyPage(org.id, id);
    expect(page?.usage.last24h).toEqual({
      requests: 15,
      successes: 11,
      clientErrors: 2,
      rateLimited: 1,
      serverErrors: 1,
    });
    expect(page?.usage.last7d).toEqual({
      requests: 122,
      successes: 101,
      clientErrors: 9,
      rateLimited: 11,
      serverErrors: 1,
    });
    expect(page?.usage.last30d.requests).toBe(1122);
    expect(page?.usage.daily).toHaveLength(30);
    expect(page?.usage.daily.at(-1)?.requests).toBe(15);
    expect(page?.usage.daily.at(-2)?.requests).toBe(100);
    expect(page?.usage.daily.reduce((sum, day) => sum + day.requests, 0)).toBe(1122);
  });

  it("lists the latest 100 requests, newest first", async () => {
    const { org, id } = await newKey();
    await db.apiRequest.createMany({
      data: Array.from({ length: 120 }, (_, i) => request(id, i * 1000, { status: i === 0 ? 404 : 200 })),
    });
    const page = await loadKeyPage(org.id, id);
    expect(page?.recentRequests).toHaveLength(RECENT_REQUESTS_LIMIT);
    expect(page?.recentRequests[0]).toMatchObject({
      method: "GET",
      path: "/api/v1/calls",
      status: 404,
      clientAddress: "203.0.113.9",
      userAgent: "warehouse-export/2.1",
      durationMs: 12,
    });
    const times = page?.recentRequests.map((row) => row.at) ?? [];
    expect([...times].sort().reverse()).toEqual(times);
    expect(page?.stillTried).toBeNull(); // an active key's requests are just use
  });

  it("says who revoked a key and when, and who is still trying it", async () => {
    const { org, admin, id } = await newKey("Zapier");
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: id });
    const revokedAt = new Date(Date.now() - 2 * HOUR);
    await db.apiKey.update({ where: { id }, data: { revokedAt } });
    await db.apiRequest.createMany({
      data: [
        ...Array.from({ length: 40 }, (_, i) => ({
          ...request(id, i * 60_000, { status: 401, clientAddress: "192.0.2.50" }),
          userAgent: "Zapier",
        })),
        request(id, 30_000, { status: 401, clientAddress: "198.51.100.4" }),
        request(id, 3 * HOUR, { clientAddress: "192.0.2.50" }), // before the revoke: real use
      ],
    });
    const page = await loadKeyPage(org.id, id);
    expect(page?.key).toMatchObject({
      status: "revoked",
      revokedByName: "Avery Admin",
      revokedAt: revokedAt.toISOString(),
    });
    expect(page?.row).toBeNull();
    expect(page?.stillTried).toEqual({
      attempts: 41,
      clientAddress: "192.0.2.50",
      userAgent: "Zapier",
      otherSources: 1,
    });
  });

  it("shows a rolled key as rolling, with its replacement", async () => {
    const { org, admin, id } = await newKey("Rolled");
    const rolled = await rollApiKey({ organizationId: org.id, userId: admin.id, keyId: id, grace: "24h" });
    const page = await loadKeyPage(org.id, id);
    expect(page?.key.status).toBe("rolling");
    expect(page?.key.replacedBy).toEqual({ id: rolled.summary.id, name: "Rolled" });
    expect(page?.row?.id).toBe(id);
    expect(page?.stillTried).toBeNull();
  });
});
