import { randomBytes } from "node:crypto";
import { type Browser, chromium } from "@playwright/test";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startUpstashBridge, type UpstashBridge } from "../../scripts/upstash-bridge";
import { CHROMIUM_LAUNCH_OPTIONS } from "../chromium";
import { generateSigningKey, type KeyListServer, signBody, startKeyListServer } from "../secret-scanning";
import { type App, BASE_DATABASE_URL, dropSchema, startApp, useSchema } from "./harness";

/**
 * Two production servers (`next start`) sharing one Postgres schema and one Redis (through the
 * Upstash REST bridge), as two instances behind a load balancer:
 * - the per-key rate limit holds across both: N requests in total, not N per instance;
 * - a key revoked through instance A — by an admin in A's Settings → API, in a real browser, so
 *   the revoke runs in A's own server action — gets 401 on its very next request to instance B,
 *   although B had just served it from its cache of verified keys; so does a key that GitHub's
 *   secret scanning reports to instance A (a signed alert: the same revocation);
 * - Last Used is written at most once per key per minute by both together (counted by a
 *   trigger this test adds to its own schema), and the usage counts the two instances flush
 *   add up to exactly the requests made.
 */
const SCHEMA = "system_scale_out";
const LIMIT = 12;
const ACME_ADMIN = { email: "admin@acme.test", password: "glyphic-demo" };

let bridge: UpstashBridge;
let a: App;
let b: App;
let admin: pg.Client;
type KeyName = "limited" | "revoked" | "used" | "leaked" | "manager" | "apiRevoked" | "narrowed";
const keys: Record<KeyName, { key: string; id: string; name: string }> = {} as never;
const github = generateSigningKey();
let keyList: KeyListServer;

beforeAll(async () => {
  const databaseUrl = await useSchema(SCHEMA);
  const { db } = await import("../../lib/db/client");
  const { createApiKey } = await import("../../lib/api-keys/commands/create");
  const { EXTENDED_KEY_LIMIT_FLAG } = await import("../../lib/api-keys/limits");
  // Seven keys of its own besides the demo data's: the extended limit (50) holds them.
  const acme = await db.organization.update({
    where: { slug: "acme" },
    data: { features: { push: EXTENDED_KEY_LIMIT_FLAG } },
  });
  const owner = await db.user.findUniqueOrThrow({ where: { email: ACME_ADMIN.email } });
  for (const name of ["limited", "revoked", "used", "leaked", "manager", "apiRevoked", "narrowed"] as const) {
    // The manager manages keys through the API; the others hold what every key held before.
    const permissions = name === "manager" ? (["calls:read", "keys:read", "keys:write"] as const) : undefined;
    const created = await createApiKey({
      organizationId: acme.id,
      userId: owner.id,
      name: `Scale-out ${name}`,
      permissions,
    });
    keys[name] = { key: created.key, id: created.summary.id, name: created.summary.name };
  }

  // Every write of a Last Used, whoever makes it, is recorded here.
  admin = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await admin.connect();
  await admin.query(`SET search_path TO "${SCHEMA}"`);
  await admin.query(`
    CREATE TABLE "LastUsedWrite" ("apiKeyId" text NOT NULL, "at" timestamptz NOT NULL DEFAULT clock_timestamp());
    CREATE FUNCTION record_last_used_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."lastUsedAt" IS DISTINCT FROM OLD."lastUsedAt" THEN
          INSERT INTO "LastUsedWrite" ("apiKeyId") VALUES (NEW."id");
        END IF;
        RETURN NEW;
      END $$;
    CREATE TRIGGER last_used_write AFTER UPDATE ON "ApiKey" FOR EACH ROW EXECUTE FUNCTION record_last_used_write();`);

  bridge = await startUpstashBridge({ token: randomBytes(16).toString("hex") });
  keyList = await startKeyListServer([github]);
  const env = {
    SECRET_SCANNING_KEYS_URL: keyList.url,
    DATABASE_URL: databaseUrl,
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    API_RATE_LIMIT_REQUESTS: String(LIMIT),
    API_RATE_LIMIT_WINDOW_SECONDS: "3600",
  };
  [a, b] = await Promise.all([startApp("scale-out-a", env), startApp("scale-out-b", env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await bridge?.close();
  await keyList?.stop();
  await admin?.end();
  await dropSchema(SCHEMA);
});

/** A client address of its own per test run, so failed-attempt budgets in Redis never carry over. */
const address = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const get = (app: App, key: string) =>
  fetch(`${app.url}/api/v1/me`, { headers: { "x-api-key": key, "x-forwarded-for": address } });

async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, attempts = 90): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < attempts && !done(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    value = await read();
  }
  return value;
}

async function usageOf(keyId: string) {
  const { rows } = await admin.query<{ requests: number; rateLimited: number }>(
    `SELECT COALESCE(SUM("requests"), 0)::int AS requests, COALESCE(SUM("rateLimited"), 0)::int AS "rateLimited"
     FROM "ApiKeyUsage" WHERE "apiKeyId" = $1`,
    [keyId],
  );
  return rows[0];
}

describe("two instances on one Postgres and one Redis", () => {
  it("enforce one rate limit per key between them", async () => {
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) {
      const response = await get(i % 2 === 0 ? a : b, keys.limited.key);
      statuses.push(response.status);
      if (response.status === 200) remaining.push(response.headers.get("x-ratelimit-remaining") ?? "");
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.slice(0, LIMIT).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true);
    // One count: each instance sees the other's requests.
    expect(remaining).toEqual(Array.from({ length: LIMIT }, (_, index) => String(LIMIT - 1 - index)));
  });

  it("refuse a key revoked in instance A's Settings → API on its very next request to instance B", async () => {
    const { key, name } = keys.revoked;
    // Both instances have verified the key and keep it in their caches.
    for (const app of [a, b, a, b]) expect((await get(app, key)).status).toBe(200);

    let browser: Browser | undefined;
    try {
      browser = await chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
      const page = await browser.newPage({ baseURL: a.url });
      await page.goto("/login");
      await page.getByLabel("Email").fill(ACME_ADMIN.email);
      await page.getByLabel("Password").fill(ACME_ADMIN.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL((url) => !url.pathname.startsWith("/login"));
      await page.goto("/settings/api");
      const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
      await row.getByRole("button", { name: `Revoke ${name}`, exact: true }).click();
      const dialog = page.getByRole("dialog");
      await dialog.getByRole("button", { name: /^Revoke/ }).click();
      // The dialog closes when the server action has returned: the revoke is done.
      await dialog.waitFor({ state: "hidden" });
      await row.waitFor({ state: "detached" });
    } finally {
      await browser?.close();
    }

    const next = await get(b, key);
    expect(next.status).toBe(401);
    expect((await next.json()).error.code).toBe("invalid_api_key");
    expect((await get(a, key)).status).toBe(401);
    // Revoked by the admin who signed in to A (this process never revokes anything).
    const { rows } = await admin.query<{ revokedBy: string | null }>(
      `SELECT u."email" AS "revokedBy" FROM "ApiKey" k LEFT JOIN "User" u ON u."id" = k."revokedById" WHERE k."id" = $1`,
      [keys.revoked.id],
    );
    expect(rows).toEqual([{ revokedBy: ACME_ADMIN.email }]);
  });

  it("refuse a key that secret scanning reported to instance A on its very next request to instance B", async () => {
    const { key } = keys.leaked;
    for (const app of [a, b, a, b]) expect((await get(app, key)).status).toBe(200);
    const body = JSON.stringify([
      { token: key, type: "glyphic_api_key", url: "https://github.com/x/y", source: "commit" },
    ]);
    const alert = await fetch(`${a.url}/api/secret-scanning/github`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "github-public-key-identifier": github.identifier,
        "github-public-key-signature": signBody(body, github),
      },
      body,
    });
    expect(alert.status).toBe(200);
    expect((await alert.json())[0].label).toBe("true_positive");
    expect((await get(b, key)).status).toBe(401);
    expect((await get(a, key)).status).toBe(401);
  });

  it("refuse a key revoked through the management API on instance A on its very next request to instance B", async () => {
    const { key, id } = keys.apiRevoked;
    for (const app of [a, b, a, b]) expect((await get(app, key)).status).toBe(200);
    const revoke = await fetch(`${a.url}/api/v1/keys/${id}`, {
      method: "DELETE",
      headers: { "x-api-key": keys.manager.key },
    });
    expect(revoke.status).toBe(200);
    expect((await revoke.json()).data).toMatchObject({ id, status: "revoked" });
    expect((await get(b, key)).status).toBe(401);
    expect((await get(a, key)).status).toBe(401);
  });

  it("apply permissions changed through the API on instance A to the very next request on instance B", async () => {
    const { key, id } = keys.narrowed;
    const calls = (app: App) => fetch(`${app.url}/api/v1/calls?limit=1`, { headers: { "x-api-key": key } });
    for (const app of [a, b, a, b]) expect((await calls(app)).status).toBe(200);
    const patch = await fetch(`${a.url}/api/v1/keys/${id}`, {
      method: "PATCH",
      headers: { "x-api-key": keys.manager.key, "content-type": "application/json" },
      body: JSON.stringify({ permissions: ["keys:read"] }),
    });
    expect(patch.status).toBe(200);
    const refused = await calls(b);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("insufficient_permission");
    expect((await calls(a)).status).toBe(403);
  });

  it("write Last Used at most once per key per minute between them, and count usage exactly", async () => {
    const { key, id } = keys.used;
    const requests = 40;
    // Concurrent, split between the instances: 12 served, 28 refused by the shared limit.
    const statuses = await Promise.all(
      Array.from({ length: requests }, async (_, index) => (await get(index % 2 === 0 ? a : b, key)).status),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.filter((status) => status === 429)).toHaveLength(requests - LIMIT);

    // The shared Redis buffer is moved within ≈ 20 s of the last request (an instance's timer); the rows hold the sum.
    const usage = await poll(
      async () => ({ used: await usageOf(id), limited: await usageOf(keys.limited.id) }),
      ({ used, limited }) => used.requests >= requests && limited.requests >= 2 * LIMIT,
    );
    expect(usage).toEqual({
      used: { requests, rateLimited: requests - LIMIT },
      limited: { requests: 2 * LIMIT, rateLimited: LIMIT },
    });

    const { rows } = await admin.query<{ apiKeyId: string; writes: number }>(
      `SELECT "apiKeyId", COUNT(*)::int AS writes FROM "LastUsedWrite" GROUP BY 1`,
    );
    const writes = Object.fromEntries(rows.map((row) => [row.apiKeyId, row.writes]));
    // Every key of this file was used within well under a minute: one write each, at most.
    expect(writes[id]).toBe(1);
    for (const name of ["limited", "revoked"] as const) expect(writes[keys[name].id]).toBe(1);
  });
});
