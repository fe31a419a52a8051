import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { createGlyphicClient } from "../lib/api-client";
import { randomAddress } from "./api-helpers";
import type { ManagementFixtures, ManagementKey } from "./fixtures/management";
import { activity, KEY_PATTERN, loadFixtures, recordSeenKey } from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * The management API over real HTTP, through the typed client (lib/api-client) as an
 * integration would use it, against the standalone server: no escalation, idempotent creates,
 * the key limit, the audit actor (in GET /activity and in Settings → API), keys made before
 * permissions existed, GET /me, and the rotation example (scripts/examples/rotate-key.ts) run
 * as a child process. Organization api-e2e-management is this spec's alone (its fixtures), and
 * the tests run in order in one worker, so "the newest event" is the one a test just made.
 */
const fixtures = loadFixtures<ManagementFixtures>("management");
const baseUrl = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
const address = randomAddress();

test.use(signedInAs(fixtures.adminEmail));

const client = (apiKey: string) => createGlyphicClient({ baseUrl, apiKey, headers: { "X-Forwarded-For": address } });
const label = (key: Pick<ManagementKey, "name" | "prefix">) => `API key “${key.name}” (${key.prefix}…)`;

/** A key's every name in the list (GET /keys, all pages): how many keys of that name exist. */
async function keysNamed(apiKey: string, name: string) {
  const glyphic = client(apiKey);
  const found = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await glyphic.GET("/keys", { params: { query: { limit: 100, cursor } } });
    expect(error).toBeUndefined();
    found.push(...(data?.data ?? []).filter((key) => key.name === name));
    cursor = data?.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

test("GET /me tells a key its permissions, expiry and allowed addresses", async () => {
  const { scoped } = fixtures.keys;
  const { data, error, response } = await client(scoped.key).GET("/me");
  expect(error).toBeUndefined();
  expect(response.status).toBe(200);
  expect(data?.data.apiKey).toEqual({
    id: scoped.id,
    name: scoped.name,
    prefix: scoped.prefix,
    permissions: ["calls:read", "activity:read"],
    expiresAt: fixtures.scoped.expiresAt,
    allowedAddresses: fixtures.scoped.allowedAddresses,
  });
});

test("a key made before permissions existed still reads calls, and nothing else", async () => {
  const legacy = client(fixtures.keys.legacy.key);
  const me = await legacy.GET("/me");
  expect(me.data?.data.apiKey.permissions).toEqual(["calls:read"]);

  const calls = await legacy.GET("/calls");
  expect(calls.response.status).toBe(200);
  expect(calls.data?.data.map((call) => call.title)).toEqual(["Management API call"]);

  const keys = await legacy.GET("/keys");
  expect(keys.response.status).toBe(403);
  expect(keys.data).toBeUndefined();
  expect(keys.error?.error.code).toBe("insufficient_permission");
  expect(keys.error?.error.message).toContain("keys:read");
});

test("no escalation: a key grants and changes only what it holds itself", async () => {
  const { writer, fullAccess } = fixtures.keys;
  const glyphic = client(writer.key);

  const escalated = await glyphic.POST("/keys", {
    body: { name: "Escalated", permissions: ["calls:read", "activity:read"] },
  });
  expect(escalated.response.status).toBe(403);
  expect(escalated.error?.error.code).toBe("permission_not_held");
  expect(escalated.error?.error.message).toContain("activity:read");
  expect(escalated.error?.error.message).not.toContain("calls:read");
  expect(await keysNamed(writer.key, "Escalated")).toEqual([]);

  // The same create within what the key holds is allowed: the refusal was the permission.
  const allowed = await glyphic.POST("/keys", { body: { name: "Within reach", permissions: ["calls:read"] } });
  expect(allowed.response.status).toBe(201);
  recordSeenKey(allowed.data?.data.key ?? "");
  expect(allowed.data?.data).toMatchObject({ name: "Within reach", permissions: ["calls:read"], status: "active" });
  const revoked = await glyphic.DELETE("/keys/{id}", { params: { path: { id: allowed.data?.data.id ?? "" } } });
  expect(revoked.data?.data.status).toBe("revoked");

  // A Full access key is out of reach of a key without activity:read, even for a rename.
  const patched = await glyphic.PATCH("/keys/{id}", {
    params: { path: { id: fullAccess.id } },
    body: { name: "Taken over" },
  });
  expect(patched.response.status).toBe(403);
  expect(patched.error?.error.code).toBe("permission_not_held");
  expect(patched.error?.error.message).toContain("activity:read");
  const unchanged = await glyphic.GET("/keys/{id}", { params: { path: { id: fullAccess.id } } });
  expect(unchanged.data?.data).toMatchObject({
    name: fullAccess.name,
    permissions: ["calls:read", "keys:read", "keys:write", "activity:read"],
  });
});

test("a create retried with the same Idempotency-Key makes one key and names it", async () => {
  const { idempotent } = fixtures.keys;
  const glyphic = client(idempotent.key);
  const create = () =>
    glyphic.POST("/keys", {
      params: { header: { "Idempotency-Key": "e2e-management-import-1" } },
      body: { name: "Nightly import", expiresInDays: 30 },
    });

  const first = await create();
  expect(first.response.status).toBe(201);
  const created = first.data?.data;
  expect(created?.key).toMatch(KEY_PATTERN);
  recordSeenKey(created?.key ?? "");

  const retry = await create();
  expect(retry.response.status).toBe(409);
  expect(retry.data).toBeUndefined();
  expect(retry.error?.error.code).toBe("idempotency_key_reused");
  expect(retry.error?.error.message).toContain(`key ${created?.id} (${created?.prefix}…)`);
  expect(JSON.stringify(retry.error)).not.toMatch(/glyk_[0-9A-Za-z]{38}/);

  const listed = await keysNamed(idempotent.key, "Nightly import");
  expect(listed.map((key) => key.id)).toEqual([created?.id]);
});

test("the organization's key limit holds over the API, with the UI's message", async () => {
  const { key, activeKeys, keyLimit } = fixtures.limit;
  const glyphic = client(key.key);
  for (let index = activeKeys; index < keyLimit; index++) {
    const created = await glyphic.POST("/keys", { body: { name: `Slot ${index + 1}` } });
    expect(created.response.status, `key ${index + 1} of ${keyLimit}`).toBe(201);
    recordSeenKey(created.data?.data.key ?? "");
  }
  const refused = await glyphic.POST("/keys", { body: { name: "One too many" } });
  expect(refused.response.status).toBe(409);
  expect(refused.error?.error).toEqual({
    code: "key_limit_reached",
    message: "Your organization has reached its limit of 5 active keys. Revoke an unused key to free up a slot.",
  });
  const active = await glyphic.GET("/keys", { params: { query: { status: "active" } } });
  expect(active.data?.data).toHaveLength(keyLimit);
  expect(active.data?.data.map((each) => each.name)).not.toContain("One too many");
});

test("a change through the API is audited with the key as its actor, in GET /activity and Settings → API", async ({
  page,
}) => {
  const { ciRotation, renameTarget } = fixtures.keys;
  const glyphic = client(ciRotation.key);
  const renamed = await glyphic.PATCH("/keys/{id}", {
    params: { path: { id: renameTarget.id } },
    body: { name: "Nightly export (v2)" },
  });
  expect(renamed.response.status).toBe(200);
  expect(renamed.data?.data.name).toBe("Nightly export (v2)");

  const { data } = await glyphic.GET("/activity", { params: { query: { limit: 1 } } });
  expect(data?.data[0]).toMatchObject({
    action: "api_key.renamed",
    actor: { type: "api_key", name: label(ciRotation), keyId: ciRotation.id, prefix: ciRotation.prefix },
    key: { id: renameTarget.id, name: "Nightly export (v2)", prefix: renameTarget.prefix },
  });
  expect(data?.data[0].actor.name).toMatch(/^API key “CI rotation” \(glyk_[0-9A-Za-z]{4}…\)$/);

  await page.goto("/settings/api");
  await expect(activity(page).first()).toContainText(
    `${label(ciRotation)} renamed “Nightly export” (${renameTarget.prefix}…) to “Nightly export (v2)”`,
  );
});

test("the rotation example rolls its own key, stores the new one, and the old one lapses as it says", async () => {
  const { rotation } = fixtures.keys;
  const dir = mkdtempSync(path.join(tmpdir(), "glyphic-rotate-"));
  const secretFile = path.join(dir, "glyphic-key");
  const run = (apiKey: string, graceSeconds: number) => {
    const result = spawnSync(
      path.join(process.cwd(), "node_modules", ".bin", "tsx"),
      ["scripts/examples/rotate-key.ts"],
      {
        encoding: "utf8",
        timeout: 60_000,
        // Only what the example reads (and PATH): none of this run's own settings.
        env: {
          NODE_ENV: "production",
          PATH: process.env.PATH,
          GLYPHIC_API_URL: baseUrl,
          GLYPHIC_API_KEY: apiKey,
          GLYPHIC_GRACE_SECONDS: String(graceSeconds),
          GLYPHIC_NEW_KEY_FILE: secretFile,
        },
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    const stored = readFileSync(secretFile, "utf8").trim();
    expect(stored).toMatch(KEY_PATTERN);
    recordSeenKey(stored);
    // Neither secret is ever printed; keys are named by their prefix.
    expect(output).not.toContain(apiKey.slice(9));
    expect(output).not.toContain(stored.slice(9));
    return { output, stored };
  };
  try {
    // A day's grace by default; an hour here: the old key keeps working, and says until when.
    const first = run(rotation.key, 3600);
    const oldMe = await client(rotation.key).GET("/me");
    expect(oldMe.response.status).toBe(200);
    const lapses = oldMe.data?.data.apiKey.expiresAt ?? "";
    expect(Math.abs(Date.parse(lapses) - (Date.now() + 3600_000))).toBeLessThan(120_000);
    expect(first.output).toContain(`The old key ${rotation.prefix}… keeps working until ${lapses}`);

    const newMe = await client(first.stored).GET("/me");
    expect(newMe.data?.data.apiKey).toMatchObject({
      name: rotation.name,
      permissions: ["keys:read", "keys:write"],
    });
    expect(newMe.data?.data.apiKey.id).not.toBe(rotation.id);
    expect(first.output).toContain(`the new key ${newMe.data?.data.apiKey.prefix}… (id ${newMe.data?.data.apiKey.id})`);

    // Rotating again with no grace: the key it replaces stops at once, and so does the first
    // one (one grace period per chain), while the newest works.
    const second = run(first.stored, 0);
    expect(second.output).toContain("has stopped working");
    for (const [which, key] of [
      ["original", rotation.key],
      ["first replacement", first.stored],
    ]) {
      const refused = await client(key).GET("/me");
      expect(refused.response.status, which).toBe(401);
      expect(refused.error?.error.code, which).toBe("invalid_api_key");
    }
    const newest = await client(second.stored).GET("/me");
    expect(newest.response.status).toBe(200);
    expect(newest.data?.data.apiKey.name).toBe(rotation.name);

    // Activity names the key itself as the one that rolled.
    const events = await client(fixtures.keys.ciRotation.key).GET("/activity", { params: { query: { limit: 10 } } });
    const rolls = (events.data?.data ?? []).filter((event) => event.action === "api_key.rolled");
    expect(rolls[0]?.actor.name).toBe(label({ name: rotation.name, prefix: newMe.data?.data.apiKey.prefix ?? "" }));
    expect(rolls[1]?.actor.name).toBe(label(rotation));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
