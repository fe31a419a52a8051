import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

/**
 * The edges of /api/v1 that depend on routing and on the URL as sent (Next decodes the path
 * before the handler sees it), over real HTTP: every answer JSON in the error envelope, never a
 * 5xx. What the handlers decide alone (limits, 405 and Allow) is in lib/api/api-edges.test.ts.
 */
const fixtures = apiFixtures();

test("ids with NUL or control characters get 404 not_found, never 500", async ({ request }) => {
  const address = randomAddress();
  for (const id of ["%00", "abc%00def", "%07", "%0A", "%2500", "%E2%80%AE", "%C3%A9", "x".repeat(500)]) {
    const response = await apiGet(request, `/api/v1/calls/${id}`, { key: fixtures.keys.errors.key, address });
    expect(response.status(), id.slice(0, 20)).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  }
});

test("unknown paths get a JSON 404 for every method, key or not", async ({ request }) => {
  for (const method of ["GET", "POST", "DELETE"]) {
    for (const headers of [{}, { "x-api-key": fixtures.keys.errors.key }] as Record<string, string>[]) {
      const response = await request.fetch("/api/v1/no/such/endpoint", { method, headers });
      expect(response.status(), method).toBe(404);
      expect(response.headers()["content-type"]).toContain("application/json");
      expect((await response.json()).error.code).toBe("not_found");
    }
  }
});

test("/favicon.ico answers 200 with an icon", async ({ request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/image\//);
  expect((await response.body()).length).toBeGreaterThan(100);
});
