import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, createAcmeKey, dropSchema, schemaUrl, startApp, useSchema } from "./harness";

/**
 * TRUSTED_PROXY_HOPS=0 over real HTTP, against the standalone server with nothing in front: the
 * client address is the connection's (127.0.0.1 here), whatever X-Forwarded-For — or a copy of
 * the server's own private stamp — the client sends. Allow-lists, the API's failure budget, the
 * sign-in throttle and the log lines all see the same address.
 */
const SCHEMA = "system_client_address";
const STAMP_HEADER = "x-glyphic-connection-address"; // lib/http/connection-address.ts
const CLAIMED = "203.0.113.9";
let app: App;
let elsewhere = ""; // a key allowed only from 203.0.113.9
let here = ""; // a key allowed only from 127.0.0.1

beforeAll(async () => {
  await useSchema(SCHEMA);
  const { db } = await import("../../lib/db/client");
  const { setAllowedAddresses } = await import("../../lib/api-keys/commands/update");
  const acme = await db.organization.findUniqueOrThrow({ where: { slug: "acme" } });
  const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
  const limit = async (name: string, entries: string[]) => {
    const created = await createAcmeKey(name);
    await setAllowedAddresses({ organizationId: acme.id, userId: admin.id, keyId: created.id, entries });
    return created.key;
  };
  elsewhere = await limit("Only from 203.0.113.9", [CLAIMED]);
  here = await limit("Only from this machine", ["127.0.0.1"]);
  app = await startApp("client-address", { DATABASE_URL: schemaUrl(SCHEMA), TRUSTED_PROXY_HOPS: "0" });
});

afterAll(async () => {
  await app?.stop();
  await dropSchema(SCHEMA);
});

/** Everything a client can write to claim another address. */
const claiming = (address: string, extra: Record<string, string> = {}) => ({
  "x-forwarded-for": address,
  [STAMP_HEADER]: address,
  "x-real-ip": address,
  ...extra,
});

const me = (key: string, address = CLAIMED) =>
  fetch(`${app.url}/api/v1/me`, { headers: claiming(address, { "x-api-key": key }) });

async function signIn(email: string, password: string, address: string): Promise<string> {
  const csrf = await fetch(`${app.url}/api/auth/csrf`, { headers: claiming(address) });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((value) => value.split(";")[0])
    .join("; ");
  const response = await fetch(`${app.url}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { ...claiming(address), "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }),
  });
  const location = response.headers.get("location") ?? ((await response.json()) as { url: string }).url;
  return new URL(location, app.url).searchParams.get("error") ?? "signed-in";
}

describe("TRUSTED_PROXY_HOPS=0: the standalone server exposed directly", () => {
  it("allow-lists see the connection's address, not the one the client claims", async () => {
    const refused = await me(elsewhere);
    expect(refused.status).toBe(403);
    const body = await refused.json();
    expect(body.error.code).toBe("address_not_allowed");
    expect(body.error.message).toContain("127.0.0.1");
    expect(body.error.message).not.toContain(CLAIMED);
    expect((await me(here)).status).toBe(200);
  });

  it("the failure budget cannot be dodged by rotating X-Forwarded-For", async () => {
    const { generateApiKey } = await import("../../lib/api-keys/format");
    const statuses = [];
    for (let i = 0; i < 35; i++) statuses.push((await me(generateApiKey().key, `198.51.100.${i}`)).status);
    // 30 lookups per address per minute (lib/api/failure-budget.ts), whatever the header says.
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(30).every((status) => status === 429)).toBe(true);
  });

  it("the sign-in throttle cannot be dodged by rotating X-Forwarded-For", async () => {
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await signIn("member@acme.test", `guess ${i}`, `192.0.2.${i}`));
    expect(results.slice(0, 5)).toEqual(Array(5).fill("CredentialsSignin"));
    expect(results[5]).toBe("TooManyAttempts");
    expect(await signIn("member@acme.test", "glyphic-demo", "192.0.2.200")).toBe("TooManyAttempts");
  });

  it("log lines name the connection's address, never a claimed one", async () => {
    await expect.poll(() => app.log()).toContain('"clientAddress":"127.0.0.1"');
    const lines = app
      .log()
      .split("\n")
      .filter((line) => line.includes('"clientAddress"'));
    expect(lines.length).toBeGreaterThanOrEqual(37);
    for (const line of lines) expect(JSON.parse(line).clientAddress).toBe("127.0.0.1");
    expect(app.log()).toContain("TRUSTED_PROXY_HOPS=0");
  });
});
