import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

import { type ActionRuntime, runAuthorized } from "@/lib/actions/auth-action";
import { dismissKeyLeakAction } from "@/lib/actions/dismiss-key-leak";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createMember } from "@/tests/factories";
import { adminOfNewOrg, signInAs } from "@/tests/signed-in-viewer";
import { createApiKey } from "../commands/create";
import { revokeLeakedApiKey } from "../commands/revoke";
import { loadLeakNotices } from "./notices";

const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: () => {} };
const dismiss = (input: unknown) => runAuthorized(runtime, dismissKeyLeakAction.definition, input);

async function leakedKey(url: string | null = "https://github.com/acme/app/blob/main/.env") {
  const { org, admin } = await adminOfNewOrg();
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Zapier" });
  const leak = await revokeLeakedApiKey(
    { organizationId: org.id, keyId: created.summary.id },
    { reporter: "github", tokenType: "glyphic_api_key", url, source: "npm" },
  );
  if (!leak) throw new Error("not revoked");
  return { org, admin, leak, prefix: created.summary.prefix };
}

describe("leak notices", () => {
  it("show which key, where it was found and when; only http(s) links are kept", async () => {
    const { org, prefix } = await leakedKey();
    const [notice] = await loadLeakNotices(org.id);
    expect(notice).toMatchObject({
      keyName: "Zapier",
      keyPrefix: prefix,
      foundWhere: "in a published npm package",
      url: "https://github.com/acme/app/blob/main/.env",
    });
    const hostile = await leakedKey("javascript:alert(1)");
    expect((await loadLeakNotices(hostile.org.id))[0].url).toBeNull();
  });

  it("are dismissed by an admin for the whole organization, with an audit event", async () => {
    const { org, admin, leak } = await leakedKey();
    signInAs(admin, org);
    expect(await dismiss({ leakId: leak.leakId })).toEqual({ ok: true, id: leak.leakId });
    expect(await loadLeakNotices(org.id)).toEqual([]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: org.id, action: "api_key.leak_dismissed" },
    });
    expect(event.actorId).toBe(admin.id);
    expect(await dismiss({ leakId: leak.leakId })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("cannot be dismissed by a member, or from another organization", async () => {
    const { org, leak } = await leakedKey();
    const member = await createMember(org.id, "MEMBER");
    signInAs(member, org);
    expect(await dismiss({ leakId: leak.leakId })).toMatchObject({ ok: false, code: "forbidden" });
    const stranger = await adminOfNewOrg();
    signInAs(stranger.admin, stranger.org);
    expect(await dismiss({ leakId: leak.leakId })).toMatchObject({ ok: false, code: "not_found" });
    expect(await dismiss({ leakId: "x\u0000y" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await loadLeakNotices(org.id)).toHaveLength(1);
  });
});
