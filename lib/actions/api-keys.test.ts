import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { isWellFormedApiKey } from "@/lib/api-keys/format";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { listKeys } from "@/lib/api-keys/views/summary";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { API_SETTINGS_PATH } from "@/lib/routes";
import { createMember, createOrganization } from "@/tests/factories";
import { activeKeyCount, adminOfNewOrg, signInAs, signOut } from "@/tests/signed-in-viewer";
import { type ActionRuntime, runAuthorized } from "./auth-action";
import { createApiKeyAction } from "./create-api-key";
import { revokeApiKeyAction } from "./revoke-api-key";

// The one module replaced: see tests/signed-in-viewer.ts. The database is real.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

/** Next's runtime with revalidatePath recorded instead of sent to Next's cache. */
function testRuntime() {
  const revalidated: string[] = [];
  const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: (path) => revalidated.push(path) };
  return { runtime, revalidated };
}

const createAs = (input: unknown) => {
  const { runtime, revalidated } = testRuntime();
  return runAuthorized(runtime, createApiKeyAction.definition, input).then((result) => ({ result, revalidated }));
};
const revokeAs = (input: unknown) => {
  const { runtime, revalidated } = testRuntime();
  return runAuthorized(runtime, revokeApiKeyAction.definition, input).then((result) => ({ result, revalidated }));
};

beforeEach(signOut);

describe("createApiKey action", () => {
  it("creates a key in the viewer's organization, returns it once, and revalidates the page", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result, revalidated } = await createAs({ name: "  Internal data warehouse export  " });
    if (!result.ok) throw new Error(`expected success, got ${result.error}`);
    expect(isWellFormedApiKey(result.key)).toBe(true);
    expect(result.name).toBe("Internal data warehouse export");
    expect(revalidated).toEqual([API_SETTINGS_PATH]);
    const [row] = await db.apiKey.findMany({ where: { organizationId: org.id } });
    expect(row).toMatchObject({ name: "Internal data warehouse export", createdById: admin.id, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(result.key);
  });

  it("takes the organization from the session, never from the input", async () => {
    const { org, admin } = await adminOfNewOrg();
    const other = await createOrganization();
    signInAs(admin, org);
    const { result } = await createAs({ name: "Zapier integration — production", organizationId: other.id });
    expect(result.ok).toBe(true);
    expect(await activeKeyCount(org.id)).toBe(1);
    expect(await activeKeyCount(other.id)).toBe(0);
  });

  it.each([
    ["missing", {}],
    ["empty", { name: "" }],
    ["only spaces", { name: "   " }],
    ["101 characters", { name: "x".repeat(101) }],
    ["a newline", { name: "Warehouse\nexport" }],
    ["a tab", { name: "Warehouse\texport" }],
    ["a right-to-left override", { name: "Zapier \u202Etropxe" }],
    ["not a string", { name: 42 }],
  ])("refuses a name that is %s with a field error, and creates nothing", async (_label, input) => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result, revalidated } = await createAs(input);
    expect(result).toMatchObject({ ok: false, code: "invalid_input" });
    if (result.ok) return;
    expect(result.fieldErrors?.name?.[0]).toMatch(/name|characters/);
    expect(revalidated).toEqual([]);
    expect(await activeKeyCount(org.id)).toBe(0);
  });

  it("sets the chosen expiry; Never by default; refuses other choices", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    expect((await createAs({ name: "Quarterly", expiry: "90" })).result.ok).toBe(true);
    expect((await createAs({ name: "Forever" })).result.ok).toBe(true);
    const refused = await createAs({ name: "Weekly", expiry: "14" });
    expect(refused.result).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { expiry: expect.any(Array) },
    });
    const keys = await db.apiKey.findMany({ where: { organizationId: org.id }, orderBy: { createdAt: "asc" } });
    expect(
      keys.map((key) => [
        key.name,
        key.expiresAt && Math.round((key.expiresAt.getTime() - key.createdAt.getTime()) / 86_400_000),
      ]),
    ).toEqual([
      ["Quarterly", 90],
      ["Forever", null],
    ]);
  });

  it("accepts a 100-character name once trimmed", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result } = await createAs({ name: `  ${"n".repeat(100)}  ` });
    expect(result).toMatchObject({ ok: true, name: "n".repeat(100) });
  });

  it("refuses a sixth key at the default limit, and allows it with the extended flag", async () => {
    const { org, admin } = await adminOfNewOrg();
    for (let i = 0; i < 5; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    signInAs(admin, org);
    const { result, revalidated } = await createAs({ name: "one too many" });
    expect(result).toMatchObject({ ok: false, code: "limit_reached" });
    if (!result.ok) expect(result.error).toContain("Revoke an unused key to free up a slot");
    expect(revalidated).toEqual([]);
    expect(await activeKeyCount(org.id)).toBe(5);

    const extended = await adminOfNewOrg([EXTENDED_KEY_LIMIT_FLAG]);
    for (let i = 0; i < 5; i++) {
      await createApiKey({ organizationId: extended.org.id, userId: extended.admin.id, name: `k${i}` });
    }
    signInAs(extended.admin, extended.org);
    expect((await createAs({ name: "sixth" })).result.ok).toBe(true);
    expect(await activeKeyCount(extended.org.id)).toBe(6);
  });

  it("lets exactly one of several simultaneous creates take the last slot", async () => {
    const { org, admin } = await adminOfNewOrg();
    for (let i = 0; i < 4; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    signInAs(admin, org);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => createAs({ name: `race ${i}` })));
    expect(results.filter(({ result }) => result.ok)).toHaveLength(1);
    expect(results.filter(({ result }) => !result.ok && result.code === "limit_reached")).toHaveLength(5);
    expect(await activeKeyCount(org.id)).toBe(5);
  });
});

describe("revokeApiKey action", () => {
  it("revokes the key, frees its slot, returns no hash, and revalidates the page", async () => {
    const { org, admin } = await adminOfNewOrg();
    const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Old export" });
    signInAs(admin, org);
    const { result, revalidated } = await revokeAs({ keyId: summary.id });
    expect(result).toEqual({ ok: true, id: summary.id, name: "Old export" });
    expect(revalidated).toEqual([API_SETTINGS_PATH]);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedById).toBe(admin.id);
    expect(await listKeys(org.id)).toEqual([]);
  });

  it("lets any admin revoke a key another admin created", async () => {
    const { org, admin } = await adminOfNewOrg();
    const owner = await createMember(org.id, "OWNER");
    const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Shared" });
    signInAs(owner, org);
    expect((await revokeAs({ keyId: summary.id })).result.ok).toBe(true);
  });

  it("answers an already-revoked key with a clean error and changes nothing", async () => {
    const { org, admin } = await adminOfNewOrg();
    const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Twice" });
    signInAs(admin, org);
    await revokeAs({ keyId: summary.id });
    const before = await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } });
    const { result, revalidated } = await revokeAs({ keyId: summary.id });
    expect(result).toEqual({
      ok: false,
      code: "not_found",
      error: "This key doesn't exist or has already been revoked.",
    });
    expect(revalidated).toEqual([]);
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } })).toEqual(before);
  });

  it("refuses another organization's key as not found and leaves it active", async () => {
    const victim = await adminOfNewOrg();
    const { summary } = await createApiKey({
      organizationId: victim.org.id,
      userId: victim.admin.id,
      name: "Victim's key",
    });
    const attacker = await adminOfNewOrg();
    signInAs(attacker.admin, attacker.org);
    const { result } = await revokeAs({ keyId: summary.id, organizationId: victim.org.id });
    expect(result).toMatchObject({ ok: false, code: "not_found" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } })).revokedAt).toBeNull();
    // The exported server action, as a browser would call it, refuses it too.
    expect(await revokeApiKeyAction({ keyId: summary.id })).toMatchObject({ ok: false, code: "not_found" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } })).revokedAt).toBeNull();
  });

  it("refuses a malformed key id", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const { result } = await revokeAs({ keyId: 123 });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { keyId: expect.any(Array) } });
  });
});
