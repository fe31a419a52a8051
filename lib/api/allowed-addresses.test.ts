import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(1000));
// Who is signed in is set per test; memberships and keys are real rows.
vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer"));

import { GET as getMe } from "@/app/api/v1/me/route";
import { type ActionRuntime, runAuthorized } from "@/lib/actions/auth-action";
import { rollApiKeyAction } from "@/lib/actions/roll-api-key";
import { setAllowedAddressesAction } from "@/lib/actions/set-allowed-addresses";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { setAllowedAddresses } from "@/lib/api-keys/commands/update";
import { clearKeyCache } from "@/lib/api-keys/verification/key-cache";
import { currentViewer } from "@/lib/auth/session";
import { database, db } from "@/lib/db/client";
import { flushRequests, resetRequestRecorder } from "@/lib/requests/recorder";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { signInAs, signOut } from "@/tests/signed-in-viewer";
import { addressNotAllowedMessage } from "./errors";

/**
 * Allowed addresses as the API applies them (in-process limiter, one instance; over HTTP with
 * Upstash and a real server in e2e/key-page.spec.ts), and the action that saves them.
 */
const runtime: ActionRuntime = { loadViewer: currentViewer, revalidatePath: () => {} };
let lookups: ReturnType<typeof vi.spyOn>;

beforeAll(() => {
  const delegate = database().client.apiKey;
  lookups = vi.spyOn(delegate, "findUnique");
});
beforeEach(signOut);
afterEach(clearKeyCache);

async function newKey() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse" });
  const save = (entries: string[]) =>
    setAllowedAddresses({ organizationId: org.id, userId: admin.id, keyId: created.summary.id, entries });
  return { org, admin, key: created.key, id: created.summary.id, save };
}

const me = (key: string, address: string) => getMe(apiRequest("/api/v1/me", { key, address }), noParams);

describe("a key with Allowed addresses", () => {
  it("serves addresses in the list and refuses others with 403 naming the address, with rate-limit headers", async () => {
    const { key, save } = await newKey();
    await save(["203.0.113.9", "198.51.100.0/24", "2001:db8:abcd::/48"]);
    for (const address of ["203.0.113.9", "198.51.100.1", "198.51.100.255", "2001:db8:abcd::7", "::ffff:203.0.113.9"]) {
      expect((await me(key, address)).status, address).toBe(200);
    }
    for (const address of ["203.0.113.10", "198.51.101.1", "2001:db8:abce::1"]) {
      const response = await me(key, address);
      expect(response.status, address).toBe(403);
      expect(await response.json()).toEqual({
        error: { code: "address_not_allowed", message: addressNotAllowedMessage(address) },
      });
      expect(response.headers.get("x-ratelimit-limit")).toBe("1000");
    }
    // No proxy header at all: the server cannot tell who it is, so a list refuses it.
    const unknown = await getMe(apiRequest("/api/v1/me", { key, address: "" }), noParams);
    expect(unknown.status).toBe(403);
    expect((await unknown.json()).error.message).toContain("Requests from unknown are not allowed");
  });

  it("records a refused request on the key, with the address the server saw", async () => {
    const { key, id, save } = await newKey();
    await save(["203.0.113.9"]);
    resetRequestRecorder();
    expect((await me(key, "192.0.2.77")).status).toBe(403);
    await flushRequests();
    const rows = await db.apiRequest.findMany({ where: { apiKeyId: id } });
    expect(rows).toEqual([expect.objectContaining({ status: 403, clientAddress: "192.0.2.77", path: "/api/v1/me" })]);
    const [usage] = await db.apiKeyUsage.findMany({ where: { apiKeyId: id } });
    expect(usage).toMatchObject({ requests: 1, clientErrors: 1, rateLimited: 0 });
  });

  it("checks the list without a database read: it travels with the cached key", async () => {
    const { key, save } = await newKey();
    await save(["203.0.113.0/24"]);
    lookups.mockClear();
    for (let i = 0; i < 4; i++) {
      expect((await me(key, `203.0.113.${i}`)).status).toBe(200);
      expect((await me(key, `192.0.2.${i}`)).status).toBe(403);
    }
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it("applies a change on the very next request, and an empty list allows every address again", async () => {
    const { key, save } = await newKey();
    expect((await me(key, "192.0.2.50")).status).toBe(200); // cached as allowed from anywhere
    await save(["203.0.113.9"]);
    expect((await me(key, "192.0.2.50")).status).toBe(403);
    expect((await me(key, "203.0.113.9")).status).toBe(200);
    await save(["192.0.2.0/24"]);
    expect((await me(key, "203.0.113.9")).status).toBe(403);
    expect((await me(key, "192.0.2.50")).status).toBe(200);
    await save([]);
    expect((await me(key, "203.0.113.9")).status).toBe(200);
  });
});

describe("rolling a key with Allowed addresses", () => {
  it("gives the replacement the same list: the new key is refused from elsewhere, and the event says so", async () => {
    const { org, admin, key, id, save } = await newKey();
    await save(["192.0.2.0/24"]);
    signInAs(admin, org);
    // Through the Roll button's action, as an admin after a leak would.
    const rolled = await runAuthorized(runtime, rollApiKeyAction.definition, { keyId: id, grace: "now" });
    expect(rolled.ok).toBe(true);
    if (!rolled.ok) return;
    expect((await me(rolled.key, "192.0.2.10")).status).toBe(200);
    const elsewhere = await me(rolled.key, "203.0.113.5");
    expect(elsewhere.status).toBe(403);
    expect((await elsewhere.json()).error.code).toBe("address_not_allowed");
    expect((await me(key, "192.0.2.10")).status).toBe(401); // the old key, with no grace
    const event = await db.auditEvent.findFirstOrThrow({ where: { apiKeyId: id, action: "api_key.rolled" } });
    expect(event.details).toMatchObject({ allowedAddresses: ["192.0.2.0/24"] });
  });
});

describe("saving Allowed addresses", () => {
  it("validates, stores canonical entries and records who changed what", async () => {
    const { org, admin, id } = await newKey();
    signInAs(admin, org);
    const result = await runAuthorized(runtime, setAllowedAddressesAction.definition, {
      keyId: id,
      allowedAddresses: " 203.0.113.9 \n\n2001:DB8::/32\n203.0.113.9/32\n",
    });
    expect(result).toMatchObject({ ok: true, allowedAddresses: ["203.0.113.9", "2001:db8::/32"] });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.allowedAddresses).toEqual(["203.0.113.9", "2001:db8::/32"]);
    const events = await db.auditEvent.findMany({
      where: { apiKeyId: id, action: "api_key.allowed_addresses_changed" },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: admin.id,
      details: { allowedAddresses: ["203.0.113.9", "2001:db8::/32"], previousAllowedAddresses: [] },
    });
    // The same list again changes nothing and records nothing.
    await runAuthorized(runtime, setAllowedAddressesAction.definition, {
      keyId: id,
      allowedAddresses: "203.0.113.9\n2001:db8::/32",
    });
    expect(await db.auditEvent.count({ where: { apiKeyId: id, action: "api_key.allowed_addresses_changed" } })).toBe(1);
  });

  it.each([
    ["a typo", "203.0.113.9\n203.0.113.300", "Line 2: “203.0.113.300” is not a valid IPv4 address"],
    ["host bits", "10.1.2.3/8", "did you mean 10.0.0.0/8"],
    ["everything", "0.0.0.0/0", "would allow every address"],
    ["51 entries", Array.from({ length: 51 }, (_, i) => `192.0.2.${i + 1}`).join("\n"), "at most 50"],
    ["a huge text", "1".repeat(6_000), "too long"],
    ["not a string", ["203.0.113.9"], "Enter one address or range per line"],
  ])("refuses %s with a field error, and nothing changes", async (_label, allowedAddresses, message) => {
    const { org, admin, id, save } = await newKey();
    await save(["198.51.100.7"]);
    signInAs(admin, org);
    const result = await runAuthorized(runtime, setAllowedAddressesAction.definition, { keyId: id, allowedAddresses });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("invalid_input");
    expect(result.fieldErrors?.allowedAddresses?.[0]).toContain(message);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).allowedAddresses).toEqual(["198.51.100.7"]);
  });

  it("is for admins of the key's organization only, and not for revoked keys", async () => {
    const { org, admin, id } = await newKey();
    const member = await createMember(org.id, "MEMBER");
    signInAs(member, org);
    const input = { keyId: id, allowedAddresses: "203.0.113.9" };
    expect(await runAuthorized(runtime, setAllowedAddressesAction.definition, input)).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    const other = await newKey();
    signInAs(other.admin, other.org);
    expect(await runAuthorized(runtime, setAllowedAddressesAction.definition, input)).toMatchObject({
      ok: false,
      code: "not_found",
    });
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: id });
    signInAs(admin, org);
    expect(await runAuthorized(runtime, setAllowedAddressesAction.definition, input)).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id } })).allowedAddresses).toEqual([]);
  });
});
