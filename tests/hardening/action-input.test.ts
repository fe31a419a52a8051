import { beforeEach, describe, expect, it, vi } from "vitest";
import { type ActionRuntime, runAuthorized } from "@/lib/actions/auth-action";
import { createApiKeyAction } from "@/lib/actions/create-api-key";
import { revokeApiKeyAction } from "@/lib/actions/revoke-api-key";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { activeKeyCount, adminOfNewOrg, signInAs, signOut } from "@/tests/signed-in-viewer";

// Who is signed in is set per test; memberships and keys are real rows.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: () => {} };

beforeEach(signOut);

describe("odd and oversized input to the settings actions", () => {
  it.each([
    ["a 10 kB name", { name: "k".repeat(10 * 1024) }],
    ["a 1 MB name", { name: "m".repeat(1024 * 1024) }],
    ["a NUL byte", { name: "Zapier\u0000prod" }],
    ["an escape sequence", { name: "\u001b[31mred\u001b[0m" }],
    ["a carriage return", { name: "line\rbreak" }],
    ["a zero-width-only name", { name: "\u200b\u200b" }],
    ["an array", { name: ["a", "b"] }],
    ["an object", { name: { toString: "x" } }],
    ["null", { name: null }],
    ["no input at all", undefined],
    ["a string instead of an object", "Zapier"],
  ])("refuses %s with a clear error and stores nothing", async (_label, input) => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const result = await runAuthorized(runtime, createApiKeyAction.definition, input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("invalid_input");
    expect(result.error.length).toBeGreaterThan(10);
    expect(result.error).not.toMatch(/at \w+ \(|\.ts:\d+|prisma|zod/i);
    expect(await activeKeyCount(org.id)).toBe(0);
  });

  it("keeps markup in a name as plain text (escaping is the renderer's job: see e2e/hardening.spec.ts)", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const name = `<script>alert("x")</script> & "quotes"`;
    const result = await runAuthorized(runtime, createApiKeyAction.definition, { name });
    expect(result).toMatchObject({ ok: true, name });
    expect((await db.apiKey.findFirstOrThrow({ where: { organizationId: org.id } })).name).toBe(name);
  });

  it("ignores smuggled fields: no organizationId, createdById or hash can be set from the client", async () => {
    const { org, admin } = await adminOfNewOrg();
    const victim = await adminOfNewOrg();
    signInAs(admin, org);
    const result = await runAuthorized(runtime, createApiKeyAction.definition, {
      name: "Smuggler",
      organizationId: victim.org.id,
      createdById: victim.admin.id,
      hash: "0".repeat(64),
      __proto__: { isAdmin: true },
    });
    expect(result.ok).toBe(true);
    const row = await db.apiKey.findFirstOrThrow({ where: { name: "Smuggler" } });
    expect(row).toMatchObject({ organizationId: org.id, createdById: admin.id });
    expect(row.hash).not.toBe("0".repeat(64));
    expect(await activeKeyCount(victim.org.id)).toBe(0);
  });

  it.each([
    ["an empty id", { keyId: "" }],
    ["a 10 kB id", { keyId: "c".repeat(10 * 1024) }],
    ["SQL in the id", { keyId: "x' OR '1'='1" }],
    ["a number", { keyId: 7 }],
    ["a NUL byte in the id", { keyId: "ck\u0000abc" }],
    ["a control character in the id", { keyId: "ck\u0007abc" }],
  ])("refuses to revoke with %s and changes nothing", async (_label, input) => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    const created = await runAuthorized(runtime, createApiKeyAction.definition, { name: "Keep me" });
    expect(created.ok).toBe(true);
    const result = await runAuthorized(runtime, revokeApiKeyAction.definition, input);
    expect(result.ok).toBe(false);
    // A clear refusal of the input, never the database's error.
    if (!result.ok) expect(result.code).toMatch(/invalid_input|not_found/);
    expect(await activeKeyCount(org.id)).toBe(1);
  });
});
