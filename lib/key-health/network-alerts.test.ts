import { describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

import { type ActionRuntime, runAuthorized } from "@/lib/actions/auth-action";
import { dismissNetworkAlertAction } from "@/lib/actions/dismiss-network-alert";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createMember } from "@/tests/factories";
import { adminOfNewOrg, signInAs } from "@/tests/signed-in-viewer";
import { createApiKey } from "../api-keys/commands/create";
import { loadKeyNetworkAlertNotices, loadNetworkAlertNotices } from "./network-alerts";

const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: () => {} };
const dismiss = (input: unknown) => runAuthorized(runtime, dismissNetworkAlertAction.definition, input);

async function alertedKey(userAgent: string | null = "curl/8.5.0") {
  const { org, admin } = await adminOfNewOrg();
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse export" });
  const alert = await db.keyNetworkAlert.create({
    data: {
      organizationId: org.id,
      apiKeyId: created.summary.id,
      network: "203.0.113.0/24",
      address: "203.0.113.5",
      userAgent,
      firstRequestAt: new Date("2026-12-17T10:00:00Z"),
    },
  });
  return { org, admin, alert, keyId: created.summary.id };
}

describe("new-network notices", () => {
  it("say which key, from which network and address, with which user agent and when", async () => {
    const { org, alert, keyId } = await alertedKey("evil\u202Eagent\nx");
    const expected = {
      id: alert.id,
      keyId,
      keyName: "Warehouse export",
      network: "203.0.113.0/24",
      address: "203.0.113.5",
      userAgent: "evilagentx",
      firstRequestAt: "2026-12-17T10:00:00.000Z",
    };
    expect(await loadNetworkAlertNotices(org.id)).toEqual([expected]);
    expect(await loadKeyNetworkAlertNotices(org.id, keyId)).toEqual([expected]);
    const other = await adminOfNewOrg();
    expect(await loadKeyNetworkAlertNotices(other.org.id, keyId)).toEqual([]);
    const none = await alertedKey(null);
    expect((await loadNetworkAlertNotices(none.org.id))[0].userAgent).toBe("none sent");
  });

  it("are dismissed by an admin for the whole organization, with an audit event", async () => {
    const { org, admin, alert, keyId } = await alertedKey();
    signInAs(admin, org);
    expect(await dismiss({ alertId: alert.id })).toEqual({ ok: true, id: alert.id });
    expect(await loadNetworkAlertNotices(org.id)).toEqual([]);
    expect(await loadKeyNetworkAlertNotices(org.id, keyId)).toEqual([]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: org.id, action: "api_key.network_alert_dismissed" },
    });
    expect(event).toMatchObject({ actorId: admin.id, apiKeyId: keyId, keyName: "Warehouse export" });
    expect(event.details).toEqual({ alertId: alert.id, network: "203.0.113.0/24" });
    expect(await dismiss({ alertId: alert.id })).toMatchObject({ ok: false, code: "not_found" });
  });

  it("cannot be dismissed by a member, or from another organization", async () => {
    const { org, alert } = await alertedKey();
    const member = await createMember(org.id, "MEMBER");
    signInAs(member, org);
    expect(await dismiss({ alertId: alert.id })).toMatchObject({ ok: false, code: "forbidden" });
    const stranger = await adminOfNewOrg();
    signInAs(stranger.admin, stranger.org);
    expect(await dismiss({ alertId: alert.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await dismiss({ alertId: "x\u0000y" })).toMatchObject({ ok: false, code: "invalid_input" });
    expect(await loadNetworkAlertNotices(org.id)).toHaveLength(1);
  });
});
