import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

/** The edges of /api/v1 over real HTTP: every answer JSON in the error envelope, never a 5xx. */
const fixtures = apiFixtures();

test("ids with NUL or control characters get 404 not_found, never 500", async ({ request }) => {
  const address = randomAddress();
  for (const id of ["%00", "abc%00def", "%07", "%0A", "%E2%80%AE"]) {
    const response = await apiGet(request, `/api/v1/calls/${id}`, { key: fixtures.keys.errors.key, address });
    expect(response.status(), id).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  }
});

test("a limit that is not a canonical decimal gets 400 naming the parameter", async ({ request }) => {
  const address = randomAddress();
  for (const limit of ["1e1", "0x5", "%2010", "10abc", "%2B5"]) {
    const response = await apiGet(request, `/api/v1/calls?limit=${limit}`, { key: fixtures.keys.errors.key, address });
    expect(response.status(), limit).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.message).toContain("limit");
  }
});

test("other methods get a JSON 405 with Allow; unknown paths a JSON 404, key or not", async ({ request }) => {
  for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
    for (const path of ["/api/v1/me", "/api/v1/calls", "/api/v1/calls/abc"]) {
      const response = await request.fetch(path, { method, headers: { "x-api-key": fixtures.keys.errors.key } });
      expect(response.status(), `${method} ${path}`).toBe(405);
      expect(response.headers().allow).toBe("GET, HEAD, OPTIONS");
      expect((await response.json()).error.code).toBe("method_not_allowed");
    }
  }
  for (const method of ["GET", "POST"]) {
    const response = await request.fetch("/api/v1/no/such/endpoint", { method });
    expect(response.status()).toBe(404);
    expect(response.headers()["content-type"]).toContain("application/json");
    expect((await response.json()).error.code).toBe("not_found");
  }
});

test("/favicon.ico answers 200 with an icon", async ({ request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/image\//);
  expect((await response.body()).length).toBeGreaterThan(100);
});
