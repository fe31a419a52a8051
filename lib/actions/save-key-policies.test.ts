import { beforeEach, describe, expect, it, vi } from "vitest";
import { currentViewer } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { API_SETTINGS_PATH } from "@/lib/routes";
import { createMember, createOrganization } from "@/tests/factories";
import { signInAs, signOut } from "@/tests/signed-in-viewer";
import { type ActionRuntime, runAuthorized } from "./auth-action";
import { saveKeyPoliciesAction } from "./save-key-policies";

// The one module replaced: see tests/signed-in-viewer.ts. The database is real.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

beforeEach(signOut);

async function save(input: unknown) {
  const revalidated: string[] = [];
  const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: (path) => revalidated.push(path) };
  return { result: await runAuthorized(runtime, saveKeyPoliciesAction.definition, input), revalidated };
}

/** What Save policies sends with every field set. */
const VALID = {
  maxKeyLifetimeDays: "90",
  requireAllowedAddressesForWrite: true,
  expireUnusedAfterDays: "180",
  defaultPermissions: ["calls:read", "keys:read", "activity:read"],
  enforceFrom: "2027-03-01",
};

async function orgWith(role: "OWNER" | "ADMIN" | "MEMBER") {
  const org = await createOrganization();
  const person = await createMember(org.id, role);
  signInAs(person, org);
  return { org, person };
}

const policyRow = (organizationId: string) => db.organizationPolicy.findUnique({ where: { organizationId } });
const policyEvents = (organizationId: string) =>
  db.auditEvent.findMany({ where: { organizationId, action: "organization.policies_changed" } });

describe("saveKeyPolicies action", () => {
  it("saves an owner's policies, audits what changed and revalidates Settings → API", async () => {
    const { org, person } = await orgWith("OWNER");
    const { result, revalidated } = await save(VALID);
    expect(result).toEqual({
      ok: true,
      changes: [
        "Maximum key lifetime: 90 days",
        "Require allowed addresses for keys that can change keys: on",
        "Expire keys unused for: 180 days",
        "Default permissions for new keys: Read-only",
        "Enforcement date: 2027-03-01",
      ],
    });
    expect(revalidated).toEqual([API_SETTINGS_PATH]);
    expect(await policyRow(org.id)).toMatchObject({
      maxKeyLifetimeDays: 90,
      requireAllowedAddressesForWrite: true,
      expireUnusedAfterDays: 180,
      defaultPermissions: ["calls:read", "keys:read", "activity:read"],
      enforceFrom: new Date("2027-03-01T00:00:00Z"),
      updatedById: person.id,
    });
    const [event] = await policyEvents(org.id);
    expect(event).toMatchObject({ actorId: person.id, apiKeyId: null, keyName: "", keyPrefix: "" });

    // Back to no rules: "none" and an empty date clear them.
    const cleared = await save({
      ...VALID,
      maxKeyLifetimeDays: "none",
      expireUnusedAfterDays: "none",
      enforceFrom: "",
    });
    expect(cleared.result).toMatchObject({ ok: true, changes: expect.any(Array) });
    expect(await policyRow(org.id)).toMatchObject({
      maxKeyLifetimeDays: null,
      expireUnusedAfterDays: null,
      enforceFrom: null,
    });
    expect(await policyEvents(org.id)).toHaveLength(2);
  });

  it.each(["ADMIN", "MEMBER"] as const)("refuses a(n) %s: forbidden, nothing written", async (role) => {
    const { org } = await orgWith(role);
    const { result, revalidated } = await save(VALID);
    expect(result).toEqual({
      ok: false,
      code: "forbidden",
      error: "Only owners of your organization can change its key policies. Ask an owner for help.",
    });
    expect(revalidated).toEqual([]);
    expect(await policyRow(org.id)).toBeNull();
    expect(await policyEvents(org.id)).toEqual([]);
  });

  it("refuses nobody signed in", async () => {
    const { result } = await save(VALID);
    expect(result).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it.each([
    ["a lifetime that is not a choice", { maxKeyLifetimeDays: "14" }, "maxKeyLifetimeDays"],
    ["a lifetime as a number", { maxKeyLifetimeDays: 90 }, "maxKeyLifetimeDays"],
    ["the address rule as text", { requireAllowedAddressesForWrite: "true" }, "requireAllowedAddressesForWrite"],
    ["an unused period that is not a choice", { expireUnusedAfterDays: "365" }, "expireUnusedAfterDays"],
    ["no default permissions", { defaultPermissions: [] }, "defaultPermissions"],
    ["an unknown permission", { defaultPermissions: ["admin"] }, "defaultPermissions"],
    ["a date that is not YYYY-MM-DD", { enforceFrom: "01/03/2027" }, "enforceFrom"],
    ["February 30", { enforceFrom: "2027-02-30" }, "enforceFrom"],
    ["the year 0, which Postgres does not store", { enforceFrom: "0000-01-01" }, "enforceFrom"],
    ["a missing field", { enforceFrom: undefined }, "enforceFrom"],
  ])("refuses %s with its field's error; nothing written", async (_label, change, field) => {
    const { org } = await orgWith("OWNER");
    const { result, revalidated } = await save({ ...VALID, ...change });
    expect(result).toMatchObject({ ok: false, code: "invalid_input", fieldErrors: { [field]: [expect.any(String)] } });
    expect(revalidated).toEqual([]);
    expect(await policyRow(org.id)).toBeNull();
    expect(await policyEvents(org.id)).toEqual([]);
  });

  it("saving the same policies again changes nothing and records nothing", async () => {
    const { org } = await orgWith("OWNER");
    await save(VALID);
    const again = await save(VALID);
    expect(again.result).toEqual({ ok: true, changes: [] });
    expect(await policyEvents(org.id)).toHaveLength(1);
  });

  it("saves the last day of year 9999 as it is", async () => {
    const { org } = await orgWith("OWNER");
    expect((await save({ ...VALID, enforceFrom: "9999-12-31" })).result).toMatchObject({ ok: true });
    expect((await policyRow(org.id))?.enforceFrom).toEqual(new Date("9999-12-31T00:00:00Z"));
  });
});
