import { beforeEach, describe, expect, it, vi } from "vitest";

// Next's redirect() and forbidden() throw to end the render; here they throw what they were asked.
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect ${to}`);
  },
  forbidden: () => {
    throw new Error("forbidden");
  },
}));
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

import { createMember, createOrganization } from "@/tests/factories";
import { signInAs, signOut } from "@/tests/signed-in-viewer";
import { requireKeyManager } from "./page-guard";

beforeEach(signOut);

describe("requireKeyManager", () => {
  it("sends a signed-out visitor to sign-in, coming back to the page", async () => {
    await expect(requireKeyManager("/settings/api/keys/k1")).rejects.toThrow(
      "redirect /login?callbackUrl=%2Fsettings%2Fapi%2Fkeys%2Fk1",
    );
  });

  it("answers 403 to a member and returns the viewer of an admin or owner", async () => {
    const org = await createOrganization();
    const member = await createMember(org.id, "MEMBER");
    signInAs(member, org);
    await expect(requireKeyManager("/settings/api")).rejects.toThrow("forbidden");
    for (const role of ["ADMIN", "OWNER"] as const) {
      const manager = await createMember(org.id, role);
      signInAs(manager, org);
      expect(await requireKeyManager("/settings/api")).toMatchObject({ userId: manager.id, role });
    }
  });

  it("sends a user who is no longer a member to sign-in", async () => {
    const org = await createOrganization();
    const admin = await createMember(org.id, "ADMIN");
    signInAs(admin, await createOrganization());
    await expect(requireKeyManager("/settings/api")).rejects.toThrow("redirect /login?callbackUrl=%2Fsettings%2Fapi");
  });
});
