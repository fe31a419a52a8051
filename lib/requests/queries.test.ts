import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { noRequestCounts, requestCountsByKey, startOfHour } from "./queries";

const HOUR = 3_600_000;
const now = new Date("2026-11-28T12:34:56Z");
const hoursAgo = (hours: number) => new Date(startOfHour(now).getTime() - hours * HOUR);

async function twoKeys() {
  const org = await createOrganization();
  const admin = await createMember(org.id);
  const make = (name: string) => createApiKey({ organizationId: org.id, userId: admin.id, name });
  return [(await make("busy")).summary.id, (await make("quiet")).summary.id, (await make("idle")).summary.id];
}

describe("usage per key (real database)", () => {
  it("sums the last 24 hours per hour and the last 7 days, for all keys in one query", async () => {
    const [busy, quiet, idle] = await twoKeys();
    await db.apiKeyUsage.createMany({
      data: [
        { apiKeyId: busy, bucket: hoursAgo(0), requests: 40, rateLimited: 4 }, // current hour
        { apiKeyId: busy, bucket: hoursAgo(1), requests: 10, rateLimited: 0 },
        { apiKeyId: busy, bucket: hoursAgo(23), requests: 5, rateLimited: 1 }, // oldest hour shown
        { apiKeyId: busy, bucket: hoursAgo(24), requests: 100, rateLimited: 9 }, // this week, not today
        { apiKeyId: busy, bucket: hoursAgo(7 * 24 - 1), requests: 1000, rateLimited: 0 }, // oldest of the week
        { apiKeyId: busy, bucket: hoursAgo(7 * 24), requests: 5000, rateLimited: 50 }, // too old
        { apiKeyId: busy, bucket: hoursAgo(-1), requests: 7000, rateLimited: 70 }, // next hour (clock skew)
        { apiKeyId: quiet, bucket: hoursAgo(5), requests: 3, rateLimited: 0 },
      ],
    });
    const usage = await requestCountsByKey([busy, quiet, idle], now);

    const busyHourly = Array(24).fill(0);
    busyHourly[23] = 40;
    busyHourly[22] = 10;
    busyHourly[0] = 5;
    expect(usage.get(busy)).toEqual({
      hourly: busyHourly,
      requests24h: 55,
      rateLimited24h: 5,
      requests7d: 1155,
      rateLimited7d: 14,
    });
    expect(usage.get(quiet)?.hourly[18]).toBe(3);
    expect(usage.get(quiet)).toMatchObject({ requests24h: 3, requests7d: 3, rateLimited24h: 0 });
    expect(usage.get(idle)).toEqual(noRequestCounts());
  });

  it("reads nothing for no keys, and ignores keys it was not asked about", async () => {
    expect(await requestCountsByKey([], now)).toEqual(new Map());
    const [busy, quiet] = await twoKeys();
    await db.apiKeyUsage.create({ data: { apiKeyId: quiet, bucket: hoursAgo(0), requests: 9 } });
    const usage = await requestCountsByKey([busy], now);
    expect([...usage.keys()]).toEqual([busy]);
    expect(usage.get(busy)?.requests7d).toBe(0);
  });
});
