import { beforeAll, describe, expect, it } from "vitest";
import { loadViewer } from "@/lib/auth/viewer";
import { db, enableQueryEvents, onQuery } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { createApiKey } from "../commands/create";
import { setKeyPolicies } from "../commands/policies";
import { revokeApiKey, revokeLeakedApiKey } from "../commands/revoke";
import { renameApiKey } from "../commands/update";
import { NO_POLICY } from "../policies";
import { loadApiSettings } from "./settings-page";

/**
 * SQL statements of one Settings → API page load: the viewer (once per request: the layout and
 * the page share it through React cache()) and the page's data — 9 since the leak notices
 * (lib/api-keys/views/notices.ts) added their one statement, 10 since the new-network notices
 * (lib/key-health/network-alerts.ts) added theirs. Counted from the client's query events, so
 * every statement Prisma sends counts, nested relation reads included.
 * Today 9, run in parallel after the viewer: viewer, keys, organization features, request counts,
 * Activity's first page, the key filter's choices (every key, revoked ones too: the table lists
 * only unrevoked keys), the stopped keys still being tried, the leak notices and the new-network
 * notices. The key policies are read with the organization's features (a LEFT JOIN), and key
 * health with the request counts: no statement of their own.
 */
enableQueryEvents();

describe("Settings → API page load", () => {
  let organizationId: string;
  let userId: string;

  beforeAll(async () => {
    organizationId = (await createOrganization({ features: ["extended-api-key-limit"] })).id;
    userId = (await createMember(organizationId, "ADMIN", "Avery Admin")).id;
    const former = await createMember(organizationId, "ADMIN", "Fran Former");
    for (let index = 0; index < 6; index++) {
      const by = index % 2 === 0 ? userId : former.id;
      await createApiKey({ organizationId, userId: by, name: `Key ${index}` });
    }
    const [first, second] = await db.apiKey.findMany({ where: { organizationId }, select: { id: true } });
    await renameApiKey({ organizationId, userId, keyId: second.id, name: "Renamed" });
    await revokeApiKey({ organizationId, userId: former.id, keyId: first.id });
    // A key secret scanning found: revoked, with a leak notice (the page's one extra statement).
    const leaked = await createApiKey({ organizationId, userId, name: "Leaked" });
    await revokeLeakedApiKey(
      { organizationId, keyId: leaked.summary.id },
      { reporter: "github", tokenType: "glyphic_api_key", url: "https://github.com/a/b", source: "commit" },
    );
    // A key used from a new network (the page's other extra statement).
    await db.keyNetworkAlert.create({
      data: {
        organizationId,
        apiKeyId: second.id,
        network: "203.0.113.0/24",
        address: "203.0.113.5",
        userAgent: "curl/8.5.0",
        firstRequestAt: new Date(Date.now() - 60_000),
      },
    });
    // Fran leaves: her keys and events show "Unknown" as the creator and actor.
    await db.membership.deleteMany({ where: { userId: former.id, organizationId } });
    const keys = await db.apiKey.findMany({ where: { organizationId }, select: { id: true } });
    await db.apiKeyUsage.createMany({
      data: keys.map((key, index) => ({ apiKeyId: key.id, bucket: new Date(Date.now() - 3_600_000), requests: index })),
    });
    // The revoked key is still tried (twice since its revoke; once more before it, not counted);
    // an expired one once; an active key's requests are no news.
    const [expired, active] = keys.filter((key) => key.id !== first.id && key.id !== leaked.summary.id);
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 7_200_000) } });
    const request = (apiKeyId: string, msAgo: number) => ({
      apiKeyId,
      at: new Date(Date.now() - msAgo),
      method: "GET",
      path: "/api/v1/me",
      status: 401,
      clientAddress: "192.0.2.50",
      userAgent: "Zapier",
      durationMs: 2,
    });
    await db.apiRequest.createMany({
      data: [
        request(first.id, 1_000),
        request(first.id, 2_000),
        request(expired.id, 60_000),
        request(expired.id, 3 * 3_600_000), // before it expired
        request(active.id, 1_000),
      ],
    });
    await db.apiKey.update({ where: { id: first.id }, data: { revokedAt: new Date(Date.now() - 3_600_000) } });
    await db.apiRequest.create({ data: request(first.id, 2 * 3_600_000) });
    stillTriedIds = { revoked: first.id, expired: expired.id };
  });
  let stillTriedIds: { revoked: string; expired: string };

  it("takes at most 9 statements, viewer included, and shows who did what and which stopped keys are still tried, and leak and new-network notices", async () => {
    const statements: string[] = [];
    onQuery((event) => statements.push(event.query));
    const viewer = await loadViewer(userId, organizationId);
    expect(viewer?.organization.id).toBe(organizationId);
    const data = await loadApiSettings(organizationId);
    // Viewer 1, keys 1, organization 1, usage 1, activity 1, keys still tried 1 (the notice), leak
    // notices 1, new-network notices 1.
    expect(statements.length, statements.join("\n\n")).toBeLessThanOrEqual(9);
    expect(data.stillTried).toEqual([
      { id: stillTriedIds.revoked, name: expect.any(String), prefix: expect.any(String), attempts: 2 },
      { id: stillTriedIds.expired, name: expect.any(String), prefix: expect.any(String), attempts: 1 },
    ]);
    // Needs attention names the stopped keys too: the leaked one, and those still tried.
    const stopped = data.needsAttention.filter((entry) =>
      entry.findings.some((finding) => finding.kind === "leaked" || finding.kind === "still_tried"),
    );
    expect(stopped.map((entry) => entry.name)).toEqual(expect.arrayContaining(["Leaked"]));
    expect(stopped.filter((entry) => entry.findings.some((finding) => finding.kind === "still_tried"))).toHaveLength(2);

    expect(data.rows).toHaveLength(5);
    expect(data.slots).toEqual({ active: 4, limit: 50 }); // one of the five has expired
    const creators = new Set(data.rows.map((row) => row.createdByName));
    expect(creators).toEqual(new Set(["Avery Admin", null]));
    expect(data.rows.some((row) => row.requests.requests24h > 0)).toBe(true);
    expect(data.activity.length).toBeGreaterThanOrEqual(7);
    const revoked = data.activity.find((event) => event.description.startsWith("revoked “Key"));
    expect(revoked?.actorName).toBeNull();
    expect(data.activity.some((event) => event.actorName === "Avery Admin")).toBe(true);
    expect(data.activity[0]).toMatchObject({ actorName: "Secret scanning" });
    expect(data.leaks).toEqual([
      expect.objectContaining({ keyName: "Leaked", foundWhere: "in a public commit", url: "https://github.com/a/b" }),
    ]);
    expect(data.networkAlerts).toEqual([
      expect.objectContaining({ keyName: "Renamed", network: "203.0.113.0/24", userAgent: "curl/8.5.0" }),
    ]);
    expect(data.policy).toEqual({
      maxKeyLifetimeDays: null,
      requireAllowedAddressesForWrite: false,
      expireUnusedAfterDays: null,
      defaultPermissions: ["calls:read"],
      enforceFrom: null,
    });
  });

  it("reads the key policies an owner set in the same statements", async () => {
    const other = await createOrganization();
    const owner = await createMember(other.id, "OWNER", "Olive Owner");
    await setKeyPolicies({
      organizationId: other.id,
      userId: owner.id,
      policy: {
        ...NO_POLICY,
        maxKeyLifetimeDays: 90,
        requireAllowedAddressesForWrite: true,
        expireUnusedAfterDays: 30,
        defaultPermissions: ["calls:read", "keys:read", "activity:read"],
        enforceFrom: new Date("2027-03-01T00:00:00Z"),
      },
    });
    const statements: string[] = [];
    onQuery((event) => statements.push(event.query));
    const data = await loadApiSettings(other.id);
    expect(statements.length, statements.join("\n\n")).toBeLessThanOrEqual(8); // the page's eight, viewer not included
    expect(data.policy).toEqual({
      maxKeyLifetimeDays: 90,
      requireAllowedAddressesForWrite: true,
      expireUnusedAfterDays: 30,
      defaultPermissions: ["calls:read", "keys:read", "activity:read"],
      enforceFrom: "2027-03-01",
    });
    // Another organization's policies are not this one's.
    expect((await loadApiSettings(organizationId)).policy.maxKeyLifetimeDays).toBeNull();
  });

  it("filters Activity by a key of the organization in the same statements; a foreign key id shows nothing", async () => {
    const key = await db.apiKey.findFirstOrThrow({
      where: { organizationId, revokedAt: { not: null }, name: { not: "Leaked" } },
    });
    const statements: string[] = [];
    onQuery((event) => statements.push(event.query));
    const data = await loadApiSettings(organizationId, new Date(), { activityKeyId: key.id });
    expect(statements.length, statements.join("\n\n")).toBeLessThanOrEqual(8); // the page's eight, viewer not included
    expect(data.activityFilter).toEqual({ keyId: key.id, known: true });
    expect(data.activity.map((event) => event.description.split(" “")[0])).toEqual(["revoked", "created"]);
    expect(data.activityKeys.find((option) => option.id === key.id)?.revoked).toBe(true);
    expect(data.activityKeys).toHaveLength(7); // six, and the leaked one

    const other = await createOrganization();
    const outsider = await createMember(other.id, "ADMIN", "Olive Outsider");
    const foreign = await createApiKey({ organizationId: other.id, userId: outsider.id, name: "Not ours" });
    const refused = await loadApiSettings(organizationId, new Date(), { activityKeyId: foreign.summary.id });
    expect(refused.activityFilter).toEqual({ keyId: foreign.summary.id, known: false });
    expect(refused.activity).toEqual([]);
    expect(refused.activityNextCursor).toBeNull();
    expect(refused.activityKeys.some((option) => option.id === foreign.summary.id)).toBe(false);
  });

  it("shows a filter id that could not be a key's (a NUL, 5,000 characters) as unknown, without querying it", async () => {
    for (const activityKeyId of ["\u0000", "a\u0000b", "x".repeat(5_000), "%00"]) {
      const data = await loadApiSettings(organizationId, new Date(), { activityKeyId });
      expect(data.activityFilter, JSON.stringify(activityKeyId)).toEqual({ keyId: activityKeyId, known: false });
      expect(data.activity).toEqual([]);
      expect(data.activityNextCursor).toBeNull();
    }
  });
});
