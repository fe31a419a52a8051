import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

// A small limit so the 429 path is reached quickly (read by lib/env on first use).
await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(5));

import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { generateApiKey, KEY_PREFIX } from "@/lib/api-keys/format";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { db } from "@/lib/db/client";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams, randomAddress } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { captureLogs } from "../log";
import { API_ERROR_MESSAGES, ApiError } from "./errors";
import { withApiKey } from "./with-api-key";

const plaintextKeys = new Set<string>();
// Every line any logger writes in this file, for the secrecy check at the end.
const logs = captureLogs();
afterAll(() => logs.stop());

afterEach(async () => {
  await runAfterTasks();
  vi.useRealTimers();
});

async function setup() {
  const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
  const admin = await createMember(org.id, "ADMIN");
  const newKey = async (name = "Warehouse export") => {
    const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
    plaintextKeys.add(created.key);
    return { key: created.key, id: created.summary.id, prefix: created.summary.prefix, name };
  };
  return { org, admin, newKey };
}

describe("withApiKey: authentication", () => {
  it("answers a request without X-API-Key with 401 missing_api_key", async () => {
    for (const key of [undefined, "", "   "]) {
      const response = await getMe(apiRequest("/api/v1/me", { key }), noParams);
      expect(response.status).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(response.headers.get("x-ratelimit-limit")).toBeNull();
      expect(await response.json()).toEqual({
        error: { code: "missing_api_key", message: API_ERROR_MESSAGES.missing_api_key },
      });
    }
  });

  it("gives malformed, unknown and revoked keys the same 401 invalid_api_key", async () => {
    const { org, admin, newKey } = await setup();
    const valid = await newKey();
    const revoked = await newKey("to revoke");
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: revoked.id });
    const typo = valid.key.slice(0, 10) + (valid.key[10] === "a" ? "b" : "a") + valid.key.slice(11);
    const malformed = [typo, `${valid.key}x`, valid.key.replace(KEY_PREFIX, "ghp_x"), "glyk_short", "Bearer abc"];
    const unknown = generateApiKey().key;
    const bodies = [];
    for (const key of [...malformed, unknown, revoked.key]) {
      const response = await getMe(apiRequest("/api/v1/me", { key }), noParams);
      expect(response.status, key.slice(0, 12)).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      bodies.push(await response.json());
      // Only a well-formed key is counted against a key's limit, so only those carry X-RateLimit-*.
      const wellFormed = key === unknown || key === revoked.key;
      expect(response.headers.get("x-ratelimit-limit") !== null).toBe(wellFormed);
    }
    for (const body of bodies) {
      expect(body).toEqual({ error: { code: "invalid_api_key", message: API_ERROR_MESSAGES.invalid_api_key } });
    }
  });

  it("hands the handler the key's organization and key, and sets the rate-limit headers", async () => {
    const { org, newKey } = await setup();
    const key = await newKey("Zapier — production");
    const before = Math.floor(Date.now() / 1000);
    const response = await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      data: {
        organization: { id: org.id, name: org.name, slug: org.slug },
        apiKey: {
          id: key.id,
          name: "Zapier — production",
          prefix: key.prefix,
          permissions: ["calls:read"],
          expiresAt: null,
          allowedAddresses: [],
        },
      },
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-ratelimit-limit")).toBe("5");
    expect(response.headers.get("x-ratelimit-remaining")).toBe("4");
    const reset = Number(response.headers.get("x-ratelimit-reset"));
    expect(reset).toBeGreaterThanOrEqual(before);
    expect(reset).toBeLessThanOrEqual(before + 61);
    expect(response.headers.get("retry-after")).toBeNull();
  });

  it("refuses a revoked key on the very next request", async () => {
    const { org, admin, newKey } = await setup();
    const key = await newKey();
    expect((await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams)).status).toBe(200);
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: key.id });
    const response = await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("invalid_api_key");
  });

  it("refuses an expired key with 401 invalid_api_key and a message that says when it expired", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    const expiresAt = new Date("2026-11-01T09:30:00.000Z");
    await db.apiKey.update({ where: { id: key.id }, data: { expiresAt } });
    const response = await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-ratelimit-limit")).toBe("5");
    expect(await response.json()).toEqual({
      error: {
        code: "invalid_api_key",
        message: "This API key expired on 2026-11-01 at 09:30 UTC. Create a new key in Settings → API.",
      },
    });
  });
});

describe("withApiKey: rate limits", () => {
  it("answers 429 right after the configured number of requests, with a Retry-After that is honoured", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    const other = await newKey("other consumer");
    // Start of a window, so all requests fall in one window (the limiter reads Date.now()).
    vi.useFakeTimers({ toFake: ["Date"] });
    const windowStart = Math.ceil(Date.now() / 60_000) * 60_000 + 100;
    vi.setSystemTime(windowStart);
    const remaining = [];
    for (let i = 0; i < 5; i++) {
      const response = await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
      expect(response.status).toBe(200);
      remaining.push(response.headers.get("x-ratelimit-remaining"));
    }
    expect(remaining).toEqual(["4", "3", "2", "1", "0"]);

    const limited = await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      error: { code: "rate_limited", message: API_ERROR_MESSAGES.rate_limited },
    });
    expect(limited.headers.get("x-ratelimit-limit")).toBe("5");
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(limited.headers.get("x-ratelimit-reset")).toBe(String((windowStart - 100) / 1000 + 60));
    expect(limited.headers.get("cache-control")).toBe("no-store");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(retryAfter).toBe(60); // 59.9 s left in the window → 60 whole seconds

    // Another key is not affected.
    expect((await getMe(apiRequest("/api/v1/me", { key: other.key }), noParams)).status).toBe(200);
    // One second short is still limited; after Retry-After the key is served again.
    vi.setSystemTime(windowStart + (retryAfter - 1) * 1000);
    expect((await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams)).status).toBe(429);
    vi.setSystemTime(windowStart + retryAfter * 1000);
    expect((await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams)).status).toBe(200);
  });

  it("does not count successful requests as failed attempts", async () => {
    const { newKey } = await setup();
    const address = randomAddress();
    for (let i = 0; i < 35; i++) {
      const key = await newKey(`k${i}`);
      const response = await getMe(apiRequest("/api/v1/me", { key: key.key, address }), noParams);
      expect(response.status).toBe(200);
    }
  });
});

const TEST_ROUTE = { route: "/api/v1/test", permission: null };

describe("withApiKey: unexpected errors", () => {
  it("answers 500 internal_error without details and logs the error with context but no secret", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    const failing = withApiKey(async () => {
      throw new Error("connection string postgres://secret@db/x leaked?");
    }, TEST_ROUTE);
    const before = logs.lines.length;
    const response = await failing(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(response.status).toBe(500);
    const body = await response.json();
    expect(body.error.code).toBe("internal_error");
    expect(body.error.message).not.toMatch(/postgres|leaked|Error/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-ratelimit-limit")).toBe("5");
    const lines = logs.lines.slice(before);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "error", method: "GET", path: "/api/v1/me", keyId: key.id }),
    );
    expect(JSON.stringify(lines)).not.toContain(key.key);
  });

  it("maps an ApiError thrown by a handler to its status", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    const handler = withApiKey(async () => {
      throw new ApiError("bad_request", "The thing parameter is wrong.");
    }, TEST_ROUTE);
    const response = await handler(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "bad_request", message: "The thing parameter is wrong." } });
  });
});

describe("withApiKey: request ids and log lines", () => {
  it("logs one line per request after the response, with the id it sends back as X-Request-Id", async () => {
    const { org, newKey } = await setup();
    const key = await newKey();
    const address = randomAddress();
    const before = logs.lines.length;
    const request = apiRequest("/api/v1/me?cursor=secret-looking-value", { key: key.key, address });
    request.headers.set("x-request-id", "trace.2f9-A_b");
    const response = await getMe(request, noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe("trace.2f9-A_b");
    const lines = logs.lines.slice(before).filter((line) => line.msg === "api request");
    expect(lines).toEqual([
      {
        level: "info",
        time: expect.any(String),
        component: "api",
        msg: "api request",
        requestId: "trace.2f9-A_b",
        method: "GET",
        route: "/api/v1/me",
        status: 200,
        durationMs: expect.any(Number),
        keyId: key.id,
        organizationId: org.id,
        clientAddress: address,
        rateLimit: "allowed",
      },
    ]);
    expect(JSON.stringify(lines)).not.toContain("secret-looking-value"); // no query values
  });

  it("generates an id for an unsafe one and logs refusals too (no key known)", async () => {
    const before = logs.lines.length;
    const request = apiRequest("/api/v1/me");
    request.headers.set("x-request-id", "<script>alert(1)</script>");
    const response = await getMe(request, noParams);
    expect(response.status).toBe(401);
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(logs.lines.slice(before)).toContainEqual(
      expect.objectContaining({ requestId: id, status: 401, route: "/api/v1/me" }),
    );
  });
});

describe("secrecy of the plaintext key", () => {
  // Runs last in this file: by then every path above has run with real keys.
  it("never stores it in any table nor writes it to the log", async () => {
    await runAfterTasks();
    expect(plaintextKeys.size).toBeGreaterThan(10);
    const tables = await db.$queryRaw<{ table_name: string }[]>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
    expect(tables.map((table) => table.table_name)).toContain("ApiKey");
    let dump = "";
    for (const { table_name } of tables) {
      const rows = await db.$queryRawUnsafe<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM "${table_name.replaceAll('"', '""')}" t`,
      );
      dump += rows.map((row) => row.row).join("\n");
    }
    expect(dump.length).toBeGreaterThan(0);
    // Every request above logged its line: the check below reads real log output.
    expect(logs.lines.filter((line) => line.msg === "api request").length).toBeGreaterThan(20);
    for (const key of plaintextKeys) {
      expect(dump.includes(key)).toBe(false);
      // Not even the secret part after the display prefix.
      expect(dump.includes(key.slice(9))).toBe(false);
      expect(logs.text().includes(key.slice(9))).toBe(false);
    }
  });
});
