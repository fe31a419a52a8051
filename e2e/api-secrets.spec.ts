import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

const fixtures = apiFixtures();

test("the plaintext key never reaches the server's log, whatever the request", async ({ request }) => {
  const { key } = fixtures.keys.secrets;
  const address = randomAddress();
  const typo = `${key.slice(0, -1)}${key.endsWith("a") ? "b" : "a"}`;
  // Each attempt carries its own request id, so the check below waits for the lines of exactly
  // these requests (they are written just after each response) instead of racing them.
  const attempts: [string, { key?: string; headers?: Record<string, string> }][] = [
    ["/api/v1/me", { key }],
    ["/api/v1/calls?limit=500", { key }],
    ["/api/v1/calls/does-not-exist", { key }],
    ["/api/v1/me", { key: typo }],
    ["/api/v1/me", { headers: { authorization: `Bearer ${key}` } }],
    ["/api/v1/me", { key: fixtures.revokedKey.key }],
  ];
  const ids = attempts.map((_, index) => `secrets-${Date.now()}-${index}`);
  const responses = attempts.map(([path, options], index) =>
    apiGet(request, path, { ...options, address, headers: { ...options.headers, "x-request-id": ids[index] } }),
  );
  const statuses = (await Promise.all(responses)).map((response) => response.status());
  expect(statuses).toEqual([200, 400, 404, 401, 401, 401]);

  const logFile = process.env.E2E_SERVER_LOG;
  expect(logFile, "scripts/test.mjs passes the server log's path").toBeTruthy();
  const read = () => readFileSync(logFile ?? "", "utf8");
  await expect.poll(() => ids.filter((id) => read().includes(`"requestId":"${id}"`)).length).toBe(ids.length);
  const log = read();
  for (const secret of [key, typo, fixtures.revokedKey.key]) {
    // The random part alone, so a key logged in any framing would be found.
    expect(log.includes(secret.slice("glyk_".length, -6))).toBe(false);
  }
});
