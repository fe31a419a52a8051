import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

const fixtures = apiFixtures();

test("the plaintext key never reaches the server's log, whatever the request", async ({ request }) => {
  const { key } = fixtures.keys.secrets;
  const address = randomAddress();
  const typo = `${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}`;
  const attempts = [
    apiGet(request, "/api/v1/me", { key, address }),
    apiGet(request, "/api/v1/calls?limit=500", { key, address }),
    apiGet(request, "/api/v1/calls/does-not-exist", { key, address }),
    apiGet(request, "/api/v1/me", { key: typo, address }),
    apiGet(request, "/api/v1/me", { address, headers: { authorization: `Bearer ${key}` } }),
    apiGet(request, "/api/v1/me", { key: fixtures.revokedKey.key, address }),
  ];
  const statuses = (await Promise.all(attempts)).map((response) => response.status());
  expect(statuses).toEqual([200, 400, 404, 401, 401, 401]);

  const logFile = process.env.E2E_SERVER_LOG;
  expect(logFile, "scripts/test.mjs passes the server log's path").toBeTruthy();
  const log = readFileSync(logFile ?? "", "utf8");
  expect(log.length).toBeGreaterThan(0); // the server did write its start-up lines
  for (const secret of [key, typo, fixtures.revokedKey.key]) {
    // The random part alone, so a key logged in any framing would be found.
    expect(log.includes(secret.slice("glyk_".length, -6))).toBe(false);
  }
});
