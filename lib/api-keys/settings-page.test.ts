import { beforeAll, describe, expect, it } from "vitest";
import { loadViewer } from "@/lib/auth/viewer";
import { db, enableQueryEvents, onQuery } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { renameApiKey } from "./lifecycle";
import { createApiKey, revokeApiKey, revokeLeakedApiKey } from "./service";
import { loadApiSettings } from "./settings-page";

/**
 * SQL statements of one Settings → API page load: the viewer (once per request: the layout and
 * the page share it through React cache()) and the page's data — 9 since the leak notices
 * (lib/api-keys/notices.ts) added their one statement. Counted from the client's query
 * events, so every statement Prisma sends counts, nested relation reads included.
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
    // Fran leaves: her keys and events show "Unknown" as the creator and actor.
    await db.membership.deleteMany({ where: { userId: former.id, organizationId } });
    const keys = await db.apiKey.findMany({ where: { organizationId }, select: { id: true } });
    await db.apiKeyUsage.createMany({
      data: keys.map((key, index) => ({ apiKeyId: key.id, bucket: new Date(Date.now() - 3_600_000), requests: index })),
    });
  });

  it("takes at most 9 statements, viewer included, and shows who did what", async () => {
    const statements: string[] = [];
    onQuery((event) => statements.push(event.query));
    const viewer = await loadViewer(userId, organizationId);
    expect(viewer?.organization.id).toBe(organizationId);
    const data = await loadApiSettings(organizationId);
    expect(statements.length, statements.join("\n\n")).toBeLessThanOrEqual(9);

    expect(data.rows).toHaveLength(5);
    expect(data.slots).toEqual({ active: 5, limit: 50 });
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
  });
});
