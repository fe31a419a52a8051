import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { generateApiKey } from "../lib/api-keys/format";
import { WEBHOOK_EVENT_TYPES } from "../lib/webhook-event-types";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

const fixtures = apiFixtures();
const address = randomAddress();
const CALL_FIELDS = ["durationSeconds", "id", "participants", "startedAt", "summary", "title"];

test.describe("public API over HTTP", () => {
  test("GET /api/v1/me returns the key's organization and key with the rate-limit headers", async ({ request }) => {
    const { me } = fixtures.keys;
    const before = Math.floor(Date.now() / 1000);
    const response = await apiGet(request, "/api/v1/me", { key: me.key, address });
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^application\/json/);
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(await response.json()).toEqual({
      data: {
        organization: fixtures.primary,
        // A fixture key made without permissions: the default, no expiry, any address.
        apiKey: {
          id: me.id,
          name: me.name,
          prefix: me.prefix,
          permissions: ["calls:read"],
          expiresAt: null,
          allowedAddresses: [],
        },
      },
    });
    const headers = response.headers();
    expect(headers["x-ratelimit-limit"]).toBe(String(fixtures.rateLimit.requests));
    expect(Number(headers["x-ratelimit-remaining"])).toBeLessThan(fixtures.rateLimit.requests);
    const reset = Number(headers["x-ratelimit-reset"]);
    expect(reset).toBeGreaterThanOrEqual(before);
    expect(reset).toBeLessThanOrEqual(before + fixtures.rateLimit.windowSeconds + 1);
    expect(headers["retry-after"]).toBeUndefined();
  });

  test("missing, malformed, unknown, revoked and expired keys get 401 with no data", async ({ request }) => {
    const missing = await apiGet(request, "/api/v1/calls", { address });
    expect(missing.status()).toBe(401);
    expect((await missing.json()).error.code).toBe("missing_api_key");
    expect(missing.headers()["cache-control"]).toBe("no-store");

    // The key in the wrong header is still "missing": only X-API-Key is read.
    const wrongHeader = await apiGet(request, "/api/v1/me", {
      address,
      headers: { authorization: `Bearer ${fixtures.keys.me.key}` },
    });
    expect((await wrongHeader.json()).error.code).toBe("missing_api_key");

    const valid = fixtures.keys.me.key;
    const typo = `${valid.slice(0, -1)}${valid.endsWith("a") ? "b" : "a"}`;
    const unknown = generateApiKey().key; // well formed, never stored
    const bodies = [];
    for (const key of [typo, "glyk_123", unknown, fixtures.revokedKey.key, fixtures.expiredKey.key]) {
      const response = await apiGet(request, "/api/v1/me", { key, address });
      expect(response.status()).toBe(401);
      expect(response.headers()["cache-control"]).toBe("no-store");
      bodies.push(await response.json());
    }
    const expired = bodies.pop();
    expect(bodies[0].error.code).toBe("invalid_api_key");
    // One answer for the rest: a caller cannot tell a revoked key from a typo.
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    // Only the holder of an expired key can present it: its answer says what happened.
    expect(expired.error.code).toBe("invalid_api_key");
    expect(expired.error.message).toMatch(
      /^This API key expired on \d{4}-\d\d-\d\d at \d\d:\d\d UTC\. Create a new key in Settings → API\.$/,
    );
    expect(JSON.stringify(expired)).not.toContain(fixtures.expiredKey.prefix);
  });

  test("GET /api/v1/calls lists only the organization's non-private calls, newest first", async ({ request }) => {
    const response = await apiGet(request, "/api/v1/calls", { key: fixtures.keys.calls.key, address });
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    const body = await response.json();
    expect(body.data.map((call: { id: string }) => call.id)).toEqual(fixtures.publicCallIds);
    expect(body.nextCursor).toBeNull();
    for (const call of body.data) expect(Object.keys(call).sort()).toEqual(CALL_FIELDS);
    const startedAt = body.data.map((call: { startedAt: string }) => Date.parse(call.startedAt));
    expect([...startedAt].sort((a, b) => b - a)).toEqual(startedAt);
    const text = JSON.stringify(body);
    for (const id of [...fixtures.privateCallIds, ...fixtures.otherOrgCallIds]) expect(text).not.toContain(id);

    // The other organization's key sees its own calls only.
    const other = await apiGet(request, "/api/v1/calls", { key: fixtures.keys.otherOrg.key, address });
    const otherIds = (await other.json()).data.map((call: { id: string }) => call.id);
    expect(otherIds.length).toBeGreaterThan(0);
    for (const id of otherIds) expect(fixtures.otherOrgCallIds).toContain(id);
    for (const id of fixtures.publicCallIds) expect(otherIds).not.toContain(id);
  });

  test("pages with limit and cursor until nextCursor is null", async ({ request }) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const path: string = `/api/v1/calls?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const response = await apiGet(request, path, { key: fixtures.keys.paging.key, address });
      expect(response.status()).toBe(200);
      const body = await response.json();
      expect(body.data.length).toBeLessThanOrEqual(3);
      seen.push(...body.data.map((call: { id: string }) => call.id));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(Math.ceil(fixtures.publicCallIds.length / 3));
    expect(seen).toEqual(fixtures.publicCallIds);
  });

  test("bad query parameters get 400 bad_request naming the parameter", async ({ request }) => {
    for (const [query, parameter] of [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=ten", "limit"],
      ["cursor=garbage!", "cursor"],
    ]) {
      const response = await apiGet(request, `/api/v1/calls?${query}`, { key: fixtures.keys.errors.key, address });
      expect(response.status(), query).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain(parameter);
      expect(response.headers()["x-ratelimit-limit"]).toBe(String(fixtures.rateLimit.requests));
    }
    const limitOk = await apiGet(request, "/api/v1/calls?limit=100", { key: fixtures.keys.errors.key, address });
    expect(limitOk.status()).toBe(200);
  });

  test("GET /api/v1/calls/{id} returns a public call and 404 for private, foreign and missing ids", async ({
    request,
  }) => {
    const { key } = fixtures.keys.lookups;
    const id = fixtures.publicCallIds[0];
    const response = await apiGet(request, `/api/v1/calls/${id}`, { key, address });
    expect(response.status()).toBe(200);
    const body = await response.json();
    expect(body.data.id).toBe(id);
    expect(Object.keys(body.data).sort()).toEqual(CALL_FIELDS);

    const answers = [];
    for (const missing of [fixtures.privateCallIds[0], fixtures.otherOrgCallIds[0], "no-such-call"]) {
      const notFound = await apiGet(request, `/api/v1/calls/${missing}`, { key, address });
      expect(notFound.status()).toBe(404);
      expect(notFound.headers()["cache-control"]).toBe("no-store");
      answers.push(await notFound.json());
    }
    expect(answers[0].error.code).toBe("not_found");
    for (const answer of answers) expect(answer).toEqual(answers[0]);

    const unknownPath = await apiGet(request, "/api/v1/nothing/here", { key, address });
    expect(unknownPath.status()).toBe(404);
    expect((await unknownPath.json()).error.code).toBe("not_found");
  });

  test("GET /api/v1/openapi.json needs no key and describes the API", async ({ request }) => {
    const response = await request.get("/api/v1/openapi.json");
    expect(response.status()).toBe(200);
    expect(response.headers()["cache-control"]).toBe("no-store");
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/me", "/calls", "/calls/{id}"]));
    expect(Object.keys(document.components.schemas.Call.properties).sort()).toEqual(CALL_FIELDS);
  });
});

test("the API docs page explains keys, endpoints, errors and rate limits", async ({ page }) => {
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1, name: "API documentation" })).toBeVisible();
  for (const section of ["Authentication", "Endpoints", "Errors", "Rate limits", "Webhooks", "OpenAPI"]) {
    await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
  }
  await expect(
    page.getByText(/curl -H "X-API-Key: \$GLYPHIC_API_KEY" http:\/\/127\.0\.0\.1:\d+\/api\/v1\/me/).first(),
  ).toBeVisible();
  const errors = page.getByRole("table", { name: "Error codes" });
  for (const code of [
    "missing_api_key",
    "invalid_api_key",
    "rate_limited",
    "not_found",
    "bad_request",
    "service_unavailable",
    "internal_error",
  ]) {
    await expect(errors.getByText(code, { exact: true })).toBeVisible();
  }
  const headers = page.getByRole("table", { name: "Rate-limit headers" });
  for (const header of ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"]) {
    await expect(headers.getByText(header, { exact: true })).toBeVisible();
  }
  await expect(page.getByText(`Each key may make ${fixtures.rateLimit.requests} requests per`)).toBeVisible();
  const events = page.getByRole("table", { name: "Webhook events" });
  for (const type of WEBHOOK_EVENT_TYPES) await expect(events.getByText(type, { exact: true })).toBeVisible();
  const webhookHeaders = page.getByRole("table", { name: "Webhook headers" });
  for (const header of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
    await expect(webhookHeaders.getByText(header, { exact: true })).toBeVisible();
  }
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: "test-results/screenshots/api-docs.png", fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/screenshots/api-docs-phone.png", fullPage: true });
});
