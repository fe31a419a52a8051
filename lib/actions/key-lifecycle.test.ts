import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { isWellFormedApiKey } from "@/lib/api-keys/format";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { API_SETTINGS_PATH } from "@/lib/routes";
import { createMember } from "@/tests/factories";
import { adminOfNewOrg, signInAs, signOut } from "@/tests/signed-in-viewer";
import { type ActionRuntime, runAuthorized } from "./auth-action";
import { changeApiKeyExpiryAction } from "./change-api-key-expiry";
import { renameApiKeyAction } from "./rename-api-key";
import { rollApiKeyAction } from "./roll-api-key";

// The one module replaced: see tests/signed-in-viewer.ts. The database is real.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

beforeEach(signOut);

async function run(operation: Parameters<typeof runAuthorized>[1], input: unknown) {
  const revalidated: string[] = [];
  const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: (path) => revalidated.push(path) };
  return { result: await runAuthorized(runtime, operation, input), revalidated };
}

async function orgWithKey(name = "Zapier") {
  const { org, admin } = await adminOfNewOrg();
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
  return { org, admin, key: created.summary, plaintext: created.key };
}

const keyRow = (id: string) => db.apiKey.findUniqueOrThrow({ where: { id } });

describe("renameApiKey action", () => {
  it("renames with the creation rules (trimmed) and revalidates the page", async () => {
    const { org, admin, key } = await orgWithKey();
    signInAs(admin, org);
    const { result, revalidated } = await run(renameApiKeyAction.definition, {
      keyId: key.id,
      name: "  Zapier — prod  ",
    });
    expect(result).toEqual({ ok: true, id: key.id, name: "Zapier — prod" });
    expect(revalidated).toEqual([API_SETTINGS_PATH]);
    expect((await keyRow(key.id)).name).toBe("Zapier — prod");
  });

  it.each([
    ["empty", ""],
    ["101 characters", "x".repeat(101)],
    ["a newline", "Zapier\nprod"],
    ["a bidirectional override", "Zapier \u202Edorp"],
  ])("refuses a name that is %s with a field error", async (_label, name) => {
    const { org, admin, key } = await orgWithKey();
    signInAs(admin, org);
    const { result, revalidated } = await run(renameApiKeyAction.definition, { keyId: key.id, name });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { name: expect.any(Array) } });
    expect(revalidated).toEqual([]);
    expect((await keyRow(key.id)).name).toBe("Zapier");
  });
});

describe("rollApiKey action", () => {
  it("returns the new key once, with the old key's end, and revalidates the page", async () => {
    const { org, admin, key } = await orgWithKey();
    signInAs(admin, org);
    const { result, revalidated } = await run(rollApiKeyAction.definition, { keyId: key.id, grace: "24h" });
    if (!result.ok) throw new Error(`expected success, got ${result.error}`);
    const rolled = result as unknown as { key: string; name: string; oldExpiresAt: string };
    expect(isWellFormedApiKey(rolled.key)).toBe(true);
    expect(rolled.name).toBe("Zapier");
    expect(new Date(rolled.oldExpiresAt)).toEqual((await keyRow(key.id)).expiresAt);
    expect(Object.keys(result).sort()).toEqual(["endedGracePrefix", "key", "name", "ok", "oldExpiresAt"]);
    expect(revalidated).toEqual([API_SETTINGS_PATH]);
  });

  it("refuses an unknown grace period, and a second roll of the same key", async () => {
    const { org, admin, key } = await orgWithKey();
    signInAs(admin, org);
    expect((await run(rollApiKeyAction.definition, { keyId: key.id, grace: "30d" })).result).toMatchObject({
      ok: false,
      code: "invalid_input",
      fieldErrors: { grace: ["Choose when the old key stops working."] },
    });
    expect((await run(rollApiKeyAction.definition, { keyId: key.id, grace: "now" })).result.ok).toBe(true);
    const again = await run(rollApiKeyAction.definition, { keyId: key.id, grace: "now" });
    expect(again.result).toEqual({
      ok: false,
      code: "not_found",
      error: "This key can't be rolled: it was already rolled, revoked or has expired.",
    });
    expect(again.revalidated).toEqual([]);
  });
});

describe("changeApiKeyExpiry action", () => {
  it("sets the expiry from the allowed choices only", async () => {
    const { org, admin, key } = await orgWithKey();
    signInAs(admin, org);
    const { result } = await run(changeApiKeyExpiryAction.definition, { keyId: key.id, expiry: "30" });
    expect(result).toMatchObject({ ok: true, id: key.id, expiresAt: expect.any(String) });
    expect((await run(changeApiKeyExpiryAction.definition, { keyId: key.id, expiry: "14" })).result).toMatchObject({
      code: "invalid_input",
    });
  });
});

describe("the exported lifecycle actions refuse callers without the permission or the key", () => {
  const attempts = (keyId: string) => [
    () => renameApiKeyAction({ keyId, name: "Hijacked" }),
    () => rollApiKeyAction({ keyId, grace: "now" }),
    () => changeApiKeyExpiryAction({ keyId, expiry: "30" }),
  ];

  async function expectUntouched(key: { id: string }) {
    const row = await keyRow(key.id);
    expect(row).toMatchObject({ name: "Zapier", expiresAt: null, replacedById: null, revokedAt: null });
    expect(await db.apiKey.count({ where: { organizationId: row.organizationId } })).toBe(1);
  }

  it("refuses a member", async () => {
    const { org, key } = await orgWithKey();
    signInAs(await createMember(org.id, "MEMBER"), org);
    for (const attempt of attempts(key.id)) {
      expect(await attempt()).toMatchObject({ ok: false, code: "forbidden" });
    }
    await expectUntouched(key);
  });

  it("refuses a signed-out caller", async () => {
    const { key } = await orgWithKey();
    for (const attempt of attempts(key.id)) {
      expect(await attempt()).toMatchObject({ ok: false, code: "unauthenticated" });
    }
    await expectUntouched(key);
  });

  it("answers another organization's key as not found", async () => {
    const { key } = await orgWithKey();
    const attacker = await adminOfNewOrg();
    signInAs(attacker.admin, attacker.org);
    for (const attempt of attempts(key.id)) {
      expect(await attempt()).toMatchObject({ ok: false, code: "not_found" });
    }
    await expectUntouched(key);
    expect(await db.auditEvent.count({ where: { organizationId: attacker.org.id } })).toBe(0);
  });
});
