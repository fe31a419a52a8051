import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { db } from "@/lib/db/client";
import { captureLogs } from "@/lib/log";
import { createMember } from "@/tests/factories";
import { activeKeyCount, adminOfNewOrg, signInAs, signOut } from "@/tests/signed-in-viewer";
import { type ActionRuntime, runAuthorized } from "./auth-action";
import { createApiKeyAction } from "./create-api-key";
import { revokeApiKeyAction } from "./revoke-api-key";

// The one module replaced: see tests/signed-in-viewer.ts. These tests call the exported
// "use server" functions exactly as a browser's POST would reach them.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

beforeEach(signOut);

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
    expect(await activeKeyCount(org.id)).toBe(1);
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
    expect(await activeKeyCount(org.id)).toBe(1);
  });

  it("refuses an admin removed from the workspace after signing in", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    await db.membership.deleteMany({ where: { userId: admin.id } });
    expect(await createApiKeyAction({ name: "after removal" })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect(await activeKeyCount(org.id)).toBe(0);
  });

  it("refuses an admin demoted to member after signing in", async () => {
    const { org, admin } = await adminOfNewOrg();
    signInAs(admin, org);
    await db.membership.updateMany({ where: { userId: admin.id }, data: { role: "MEMBER" } });
    expect(await createApiKeyAction({ name: "after demotion" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await activeKeyCount(org.id)).toBe(0);
  });
});

describe("unexpected failures", () => {
  it("reach the client as a sentence, never as the error or its stack", async () => {
    const logs = captureLogs();
    const runtime: ActionRuntime = {
      loadViewer: () => Promise.reject(new Error("connection refused at 10.0.0.5:5432")),
      revalidatePath: () => {},
    };
    const result = await runAuthorized(runtime, createApiKeyAction.definition, { name: "anything" });
    expect(result).toEqual({
      ok: false,
      code: "internal_error",
      error: "Something went wrong on our side. Try again in a moment.",
    });
    expect(JSON.stringify(result)).not.toMatch(/10\.0\.0\.5|stack|at /);
    logs.stop();
    // One line with the error for the operator, one with the outcome like every action.
    expect(logs.lines.filter((line) => line.level === "error")).toEqual([
      expect.objectContaining({ action: "createApiKey", msg: "server action failed" }),
    ]);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({ level: "info", action: "createApiKey", outcome: "internal_error" }),
    );
  });
});
