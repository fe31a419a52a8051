import { beforeEach, describe, expect, it, vi } from "vitest";
import { isWellFormedApiKey } from "@/lib/api-keys/format";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { createApiKey, listActiveKeys } from "@/lib/api-keys/service";
import { currentViewer, type Viewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { API_SETTINGS_PATH, createApiKeyOperation, revokeApiKeyOperation } from "./api-keys";
import { type ActionRuntime, runAuthorized } from "./auth-action";
import { createApiKeyAction } from "./create-api-key";
import { revokeApiKeyAction } from "./revoke-api-key";

// getServerSession cannot run outside a Next request, so the session module is the one thing
// replaced: "who is signed in" is set per test; the membership is still read from the real
// database on every call, as currentViewer does.
let signedIn: { userId: string; organizationId: string } | null = null;

vi.mock("@/lib/auth/session", () => ({
  currentViewer: async (): Promise<Viewer | null> => {
    if (!signedIn) return null;
    const membership = await db.membership.findUnique({
      where: { userId_organizationId: signedIn },
      select: {
        role: true,
        user: { select: { name: true, email: true } },
        organization: { select: { id: true, name: true, slug: true } },
      },
    });
    if (!membership) return null;
    return {
      userId: signedIn.userId,
      name: membership.user.name,
      email: membership.user.email,
      organization: membership.organization,
      role: membership.role,
    };
  },
}));

function signInAs(user: { id: string }, organization: { id: string }) {
  signedIn = { userId: user.id, organizationId: organization.id };
}

/** Next's runtime with revalidatePath recorded instead of sent to Next's cache. */
function testRuntime() {
  const revalidated: string[] = [];
  const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: (path) => revalidated.push(path) };
  return { runtime, revalidated };
}

const createAs = (input: unknown) => {
  const { runtime, revalidated } = testRuntime();
  return runAuthorized(runtime, createApiKeyOperation, input).then((result) => ({ result, revalidated }));
};
const revokeAs = (input: unknown) => {
  const { runtime, revalidated } = testRuntime();
  return runAuthorized(runtime, revokeApiKeyOperation, input).then((result) => ({ result, revalidated }));
};

async function adminOfNewOrg(features: string[] = []) {
  const org = await createOrganization({ features });
  const admin = await createMember(org.id, "ADMIN", "Ada Admin");
  return { org, admin };
}

const activeCount = (organizationId: string) => db.apiKey.count({ where: { organizationId, revokedAt: null } });

beforeEach(() => {
  signedIn = null;
});

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
    expect(await activeCount(org.id)).toBe(1);
    expect(await activeCount(other.id)).toBe(0);
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
    expect(await activeCount(org.id)).toBe(0);
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
    expect(await activeCount(org.id)).toBe(5);

    const extended = await adminOfNewOrg([EXTENDED_KEY_LIMIT_FLAG]);
    for (let i = 0; i < 5; i++) {
      await createApiKey({ organizationId: extended.org.id, userId: extended.admin.id, name: `k${i}` });
    }
    signInAs(extended.admin, extended.org);
    expect((await createAs({ name: "sixth" })).result.ok).toBe(true);
    expect(await activeCount(extended.org.id)).toBe(6);
  });

  it("lets exactly one of several simultaneous creates take the last slot", async () => {
    const { org, admin } = await adminOfNewOrg();
    for (let i = 0; i < 4; i++) await createApiKey({ organizationId: org.id, userId: admin.id, name: `k${i}` });
    signInAs(admin, org);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => createAs({ name: `race ${i}` })));
    expect(results.filter(({ result }) => result.ok)).toHaveLength(1);
    expect(results.filter(({ result }) => !result.ok && result.code === "limit_reached")).toHaveLength(5);
    expect(await activeCount(org.id)).toBe(5);
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
    expect(await listActiveKeys(org.id)).toEqual([]);
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

describe("the exported server actions refuse callers without the permission", () => {
  it("refuses a member: no key is created or revoked", async () => {
    const { org, admin } = await adminOfNewOrg();
    const member = await createMember(org.id, "MEMBER");
    const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Admin's key" });
    signInAs(member, org);
    const denied = {
      ok: false,
      code: "forbidden",
      error: "You don't have permission to manage API keys. Ask an admin of your organization for help.",
    };
    expect(await createApiKeyAction({ name: "sneaky" })).toEqual(denied);
    expect(await revokeApiKeyAction({ keyId: summary.id })).toEqual(denied);
    expect(await activeCount(org.id)).toBe(1);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: summary.id } })).revokedAt).toBeNull();
  });

  it("refuses a signed-out caller", async () => {
    const { org, admin } = await adminOfNewOrg();
    const { summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Admin's key" });
    const signedOut = {
      ok: false,
      code: "unauthenticated",
      error: "Your session has ended. Sign in again to continue.",
    };
    expect(await createApiKeyAction({ name: "anonymous" })).toEqual(signedOut);
    expect(await revokeApiKeyAction({ keyId: summary.id })).toEqual(signedOut);
    expect(await activeCount(org.id)).toBe(1);
  });

  it("refuses an admin removed from the workspace after signing in", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    await db.membership.deleteMany({ where: { userId: admin.id } });
    expect(await createApiKeyAction({ name: "after removal" })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await activeCount(org.id)).toBe(0);
  });

  it("refuses an admin demoted to member after signing in", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    await db.membership.updateMany({ where: { userId: admin.id }, data: { role: "MEMBER" } });
    expect(await createApiKeyAction({ name: "after demotion" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await activeCount(org.id)).toBe(0);
  });
});

describe("unexpected failures", () => {
  it("reach the client as a sentence, never as the error or its stack", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const runtime: ActionRuntime = {
      loadViewer: () => Promise.reject(new Error("connection refused at 10.0.0.5:5432")),
      revalidatePath: () => {},
    };
    const result = await runAuthorized(runtime, createApiKeyOperation, { name: "anything" });
    expect(result).toEqual({
      ok: false,
      code: "internal_error",
      error: "Something went wrong on our side. Try again in a moment.",
    });
    expect(JSON.stringify(result)).not.toMatch(/10\.0\.0\.5|stack|at /);
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
