import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { generateApiKey, KEY_PREFIX } from "../lib/api-keys/format";
import { loadFixtures } from "./fixtures/load";
import { closeCreatedKeyPopup, createKeyThroughUi, KEY_PATTERN } from "./settings-helpers";
import { signedInAs } from "./signed-in";

interface HardeningFixtures {
  adminEmail: string;
  raceKey: string;
  raceKeyName: string;
}

const { adminEmail, raceKey, raceKeyName } = loadFixtures<HardeningFixtures>("hardening");

test.use(signedInAs(adminEmail));

const baseUrl = new URL(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100");

/**
 * A raw HTTP GET with the header bytes exactly as given (latin1), the way any client on the
 * internet can send them; fetch would refuse some of these values before they left.
 */
function rawGet(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: baseUrl.hostname, port: baseUrl.port, path, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** ≥ 500 values that are not a valid key, deterministic: the same list on every run. */
function malformedKeys(): string[] {
  const asLatin1 = (text: string) => Buffer.from(text, "utf8").toString("latin1");
  const base = [
    "",
    " ",
    "\t",
    "x".repeat(8 * 1024),
    KEY_PREFIX,
    `${KEY_PREFIX}${"A".repeat(38)}`,
    `${KEY_PREFIX}${"0".repeat(200)}`,
    "' OR '1'='1",
    '\'; DROP TABLE "ApiKey"; --',
    '1 UNION SELECT hash FROM "ApiKey"',
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal log4shell-style probe
    "${jndi:ldap://example.invalid/a}",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "null",
    "undefined",
    "[object Object]",
    "Bearer glyk_",
    asLatin1("glyk_ключ_🔑_キー"),
    asLatin1("\u202Eglyk_reversed"),
    asLatin1("🔑".repeat(100)),
  ];
  const values = [...base];
  // Right shape, wrong checksum; right checksum, never issued; wrong prefix; truncated; padded.
  for (let i = 0; values.length < 560; i++) {
    const { key } = generateApiKey();
    const variant = i % 6;
    if (variant === 0) values.push(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`);
    else if (variant === 1)
      values.push(key); // valid checksum, unknown to the database
    else if (variant === 2) values.push(key.replace(KEY_PREFIX, "ghp_x"));
    else if (variant === 3) values.push(key.slice(0, 10 + (i % 30)));
    else if (variant === 4) values.push(`${key}${"=".repeat(1 + (i % 5))}`);
    else values.push(key.toLowerCase());
  }
  return values;
}

test("560 malformed, unknown and hostile X-API-Key values: every one a 401 JSON error, no 5xx", async () => {
  test.setTimeout(120_000);
  const values = malformedKeys();
  expect(values.length).toBeGreaterThanOrEqual(500);
  const outcomes: { value: string; status: number; code: string }[] = [];
  // A different client address per value: the per-address failed-attempt limit (which turns
  // the 31st failure from one address into a 429) is tested in api-rate-limit.spec.ts.
  for (let start = 0; start < values.length; start += 20) {
    const batch = values.slice(start, start + 20).map(async (value, offset) => {
      const index = start + offset;
      const address = `10.77.${Math.floor(index / 250)}.${index % 250}`;
      const response = await rawGet("/api/v1/calls", { "x-api-key": value, "x-forwarded-for": address });
      expect(response.type, `content-type for #${index}`).toContain("application/json");
      const body = JSON.parse(response.body);
      outcomes.push({ value, status: response.status, code: body.error?.code });
      // Errors never echo what was sent.
      if (value.length > 12) expect(response.body).not.toContain(value.slice(0, 40));
    });
    await Promise.all(batch);
  }
  const unexpected = outcomes.filter(
    (outcome) => outcome.status !== 401 || !["missing_api_key", "invalid_api_key"].includes(outcome.code),
  );
  expect(
    unexpected.map((outcome) => `${outcome.status} ${outcome.code} ${JSON.stringify(outcome.value.slice(0, 40))}`),
  ).toEqual([]);
  expect(outcomes.filter((outcome) => outcome.status >= 500)).toHaveLength(0);
});

test("revocation race: once Revoke returns, no later request with the key succeeds", async ({ page, request }) => {
  const call = async () => {
    const sentAt = Date.now();
    const response = await request.get("/api/v1/me", { headers: { "x-api-key": raceKey } });
    return { sentAt, status: response.status() };
  };
  expect((await call()).status).toBe(200);

  await page.goto("/settings/api");
  const row = page.getByRole("row").filter({ hasText: raceKeyName });
  await row.getByRole("button", { name: /Revoke/ }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(raceKeyName);

  // Requests keep flowing (under the key's rate limit) while the revoke is confirmed.
  const results: { sentAt: number; status: number }[] = [];
  let running = true;
  const traffic = (async () => {
    while (running) {
      results.push(await call());
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  })();
  await dialog.getByRole("button", { name: /Revoke/ }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("row").filter({ hasText: raceKeyName })).toHaveCount(0);
  const revokedAt = Date.now();
  // Right after: a burst, then the loop for another second.
  const burst = await Promise.all(Array.from({ length: 5 }, call));
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  running = false;
  await traffic;

  const after = [...results.filter((result) => result.sentAt >= revokedAt), ...burst];
  expect(after.length).toBeGreaterThanOrEqual(8);
  expect(after.map((result) => result.status)).toEqual(after.map(() => 401));
});

test("a key name full of markup is stored as text and rendered escaped", async ({ page }) => {
  const name = `<img src=x onerror="window.__pwned=1"> & <b>bold</b>`;
  await page.goto("/settings/api");
  const key = await createKeyThroughUi(page, name);
  expect(key).toMatch(KEY_PATTERN);
  await closeCreatedKeyPopup(page);
  await expect(page.getByRole("cell", { name, exact: true })).toBeVisible();
  expect(await page.locator("main img[src='x'], main b").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});
