import { beforeEach, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { encodeActivityCursor, loadActivityPage } from "@/lib/audit/activity";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { createMember } from "@/tests/factories";
import { adminOfNewOrg, signInAs, signOut } from "@/tests/signed-in-viewer";
import { type ActionRuntime, runAuthorized } from "./auth-action";
import { loadActivityPageAction } from "./load-activity-page";

// The one module replaced: see tests/signed-in-viewer.ts. The database is real.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

const revalidated: string[] = [];
const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: (path) => revalidated.push(path) };
const showMore = (input: unknown) => runAuthorized(runtime, loadActivityPageAction.definition, input);

async function orgWithEvents(count: number) {
  const { org, admin } = await adminOfNewOrg();
  const key = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Paged key" });
  await db.auditEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      organizationId: org.id,
      actorId: admin.id,
      apiKeyId: key.summary.id,
      action: "api_key.revoked",
      keyName: `event ${i}`,
      keyPrefix: key.summary.prefix,
      createdAt: new Date(Date.now() - 3_600_000 - i * 1000),
    })),
  });
  return { org, admin, key };
}

beforeEach(signOut);

describe("loadActivityPage action (Show more)", () => {
  it("returns the page after the cursor, in the viewer's organization, and revalidates nothing", async () => {
    const { org, admin, key } = await orgWithEvents(30);
    signInAs(admin, org);
    const first = await loadActivityPage(org.id);
    const result = await showMore({ cursor: first.nextCursor });
    if (!result.ok) throw new Error(result.error);
    expect(result.events).toHaveLength(11);
    expect(result.events[0].description).toBe(`revoked “event 19” (${key.summary.prefix}…)`);
    expect(result.nextCursor).toBeNull();
    const filtered = await showMore({ cursor: first.nextCursor, keyId: key.summary.id });
    expect(filtered.ok && filtered.events.length).toBe(11);
    expect(revalidated).toEqual([]);
  });

  it("refuses a member and a signed-out caller", async () => {
    const { org } = await orgWithEvents(25);
    const cursor = (await loadActivityPage(org.id)).nextCursor;
    expect(await showMore({ cursor })).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(await createMember(org.id, "MEMBER"), org);
    const result = await showMore({ cursor });
    expect(result).toMatchObject({ ok: false, code: "forbidden" });
    expect(JSON.stringify(result)).not.toContain("event");
  });

  it("answers a bad cursor with a sentence, not a 500", async () => {
    const { org, admin } = await orgWithEvents(1);
    signInAs(admin, org);
    for (const cursor of ["not-a-cursor", "", "%%%", 42, null]) {
      const result = await showMore({ cursor });
      expect(result, String(cursor)).toMatchObject({ ok: false, code: "invalid_input" });
    }
    // Year 33658 (15 digits of milliseconds) used to reach the ::timestamp cast: internal_error.
    for (const ms of ["999999999999999", String(Date.parse("+010000-01-01T00:00:00Z"))]) {
      const extreme = await showMore({ cursor: Buffer.from(`${ms}:cmabc`).toString("base64url") });
      expect(!extreme.ok && extreme.fieldErrors?.cursor, ms).toEqual([
        "This list is out of date. Reload the page to see the latest activity.",
      ]);
    }
    const result = await showMore({ cursor: "garbage" });
    expect(!result.ok && result.fieldErrors?.cursor).toEqual([
      "This list is out of date. Reload the page to see the latest activity.",
    ]);
  });

  it("answers another organization's key (or an unknown one) with not_found and no rows", async () => {
    const { org, admin } = await orgWithEvents(3);
    const theirs = await orgWithEvents(30);
    signInAs(admin, org);
    const cursor = encodeActivityCursor({ createdAt: new Date(), id: "zzzz" });
    for (const keyId of [theirs.key.summary.id, "no-such-key"]) {
      const result = await showMore({ cursor, keyId });
      expect(result).toMatchObject({ ok: false, code: "not_found" });
      expect(JSON.stringify(result)).not.toContain("event");
    }
    // A key id no key could have (a NUL reached Postgres: internal_error) is refused before any query.
    for (const keyId of ["\u0000", "a\u0000b", "x".repeat(5_000)]) {
      const result = await showMore({ cursor, keyId });
      expect(!result.ok && result.fieldErrors?.keyId, JSON.stringify(keyId.slice(0, 5))).toEqual([
        "This key isn't one of your organization's keys. Reload the page.",
      ]);
    }
    // Without a filter the cursor reads only the viewer's organization, however old it is.
    const own = await showMore({ cursor });
    expect(own.ok && own.events.map((event) => event.description.split(" (")[0])).toEqual([
      "created “Paged key”",
      "revoked “event 0”",
      "revoked “event 1”",
      "revoked “event 2”",
    ]);
  });
});
