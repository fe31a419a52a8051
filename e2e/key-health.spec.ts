import { expect, type Page, test } from "@playwright/test";
import { apiGet } from "./api-helpers";
import type { KeyHealthFixtures } from "./fixtures/key-health";
import { loadFixtures } from "./fixtures/load";
import { activity, expectAccessible, keyRow, screenshot } from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * Key health on recorded traffic (issue 25 §2): the spec's own organization, real requests over
 * HTTP, the records moved to Postgres by the flush-requests job (this server records into the
 * Upstash buffer, which only a due request, a timer or the job moves), then the suggestions and
 * their one-click fixes in Settings → API and on the key's page.
 */
const fixtures = loadFixtures<KeyHealthFixtures>("keyHealth");
const keyPath = (id: string) => `/settings/api/keys/${id}`;

test.use(signedInAs(fixtures.adminEmail));

const section = (page: Page) => page.getByRole("region", { name: "Needs attention" });
const entry = (page: Page, name: string) =>
  section(page)
    .getByTestId("needs-attention-key")
    .filter({ has: page.getByRole("link", { name, exact: true }) });

/** Runs the flush-requests job until what the requests recorded shows on Settings → API. */
async function flushUntil(page: Page, shown: (page: Page) => Promise<void>) {
  await expect(async () => {
    const flushed = await page.request.get("/api/cron/flush-requests", {
      headers: { authorization: `Bearer ${process.env.E2E_CRON_SECRET ?? ""}` },
    });
    expect(flushed.status(), await flushed.text()).toBe(200);
    await page.goto("/settings/api");
    await shown(page);
  }).toPass({ intervals: [500, 1000, 2000], timeout: 30_000 });
}

test("recorded traffic: Full access used only for calls is narrowed to Read calls, two networks become the allow-list", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const { callsOnly, twoNetworks } = fixtures;
  for (const [key, address] of [
    [callsOnly.key, "203.0.113.77"],
    [callsOnly.key, "203.0.113.78"],
    [twoNetworks.key, "192.0.2.10"],
    [twoNetworks.key, "198.51.100.20"],
    [twoNetworks.key, "198.51.100.20"],
  ]) {
    const response = await apiGet(page.request, "/api/v1/calls", { key, address });
    expect(response.status(), `${address}: ${await response.text()}`).toBe(200);
  }

  const narrow = entry(page, callsOnly.name).getByRole("button", { name: "Narrow permissions to what it used" });
  const apply = entry(page, twoNetworks.name).getByRole("button", {
    name: `Apply: limit ${twoNetworks.name} to 192.0.2.0/24, 198.51.100.0/24`,
    exact: true,
  });
  await flushUntil(page, async () => {
    await expect(narrow).toBeVisible({ timeout: 1000 });
    await expect(apply).toBeVisible({ timeout: 1000 });
  });

  // Exactly what each key did: the three permissions Full access adds, and the two networks.
  await expect(entry(page, callsOnly.name)).toContainText(
    "Holds keys:read, keys:write, activity:read but used only calls:read in the last 1 day.",
  );
  await expect(entry(page, callsOnly.name)).toContainText(
    "all its requests in the last 1 day came from 203.0.113.0/24.",
  );
  await expect(entry(page, twoNetworks.name)).toContainText(
    "Can be used from anywhere, but all its requests in the last 1 day came from 192.0.2.0/24, 198.51.100.0/24.",
  );
  await expect(entry(page, twoNetworks.name).getByRole("button", { name: /^Apply: / })).toHaveCount(1);
  await expect(entry(page, twoNetworks.name)).not.toContainText("Holds");
  // A new key that expires and has allowed addresses has nothing to say.
  await expect(entry(page, fixtures.healthy.name)).toHaveCount(0);

  await expectAccessible(page, "Settings → API with Needs attention");
  await section(page).scrollIntoViewIfNeeded();
  await screenshot(page, "key-health-needs-attention-desktop", { fullPage: false });
  await section(page).screenshot({ path: "test-results/screenshots/key-health-section-desktop.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await section(page).scrollIntoViewIfNeeded();
  await section(page).screenshot({ path: "test-results/screenshots/key-health-section-phone.png" });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectAccessible(page, "Needs attention on a phone");
  await page.setViewportSize({ width: 1280, height: 900 });

  // The key's own page says the same under "Key health".
  await page.goto(keyPath(callsOnly.id));
  const health = page.getByRole("region", { name: "Key health" });
  await expect(health.getByTestId("needs-attention-finding")).toHaveText([
    /Never expires\.\s*Set an expiry/,
    /Holds keys:read, keys:write, activity:read but used only calls:read/,
    /came from 203\.0\.113\.0\/24\./,
  ]);
  await expectAccessible(page, "the key page with Key health");
  await health.screenshot({ path: "test-results/screenshots/key-health-key-page-desktop.png" });
  await page.setViewportSize({ width: 390, height: 844 });
  await health.screenshot({ path: "test-results/screenshots/key-health-key-page-phone.png" });
  await page.setViewportSize({ width: 1280, height: 900 });

  // One click narrows Full access to what the key used.
  await page.goto("/settings/api");
  await narrow.click();
  await expect(page.getByText(`Permissions of “${callsOnly.name}” narrowed to what it used.`)).toBeVisible();
  await expect(keyRow(page, callsOnly.name).getByTestId("key-permissions")).toHaveText("Read calls");
  await expect(narrow).toHaveCount(0);
  await expect(activity(page).first()).toContainText(
    new RegExp(`changed the permissions of “${callsOnly.name}” \\(.+\\) to Read calls`),
  );
  // The API enforces it: the key reads calls, and no longer its organization's keys.
  expect((await apiGet(page.request, "/api/v1/calls", { key: callsOnly.key, address: "203.0.113.77" })).status()).toBe(
    200,
  );
  const keys = await apiGet(page.request, "/api/v1/keys", { key: callsOnly.key, address: "203.0.113.77" });
  expect(keys.status()).toBe(403);

  // One click makes the two networks the key's allowed addresses.
  await apply.click();
  await expect(page.getByText(`Allowed addresses of “${twoNetworks.name}” saved.`)).toBeVisible();
  await expect(apply).toHaveCount(0);
  await page.goto(keyPath(twoNetworks.id));
  await expect(page.getByLabel("Allowed addresses")).toHaveValue("192.0.2.0/24\n198.51.100.0/24");
  await expect(page.getByTestId("allowed-addresses-state")).toHaveText("Now: only 2 addresses or ranges.");
  const refused = await apiGet(page.request, "/api/v1/calls", { key: twoNetworks.key, address: "203.0.113.5" });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("address_not_allowed");
  expect(
    (await apiGet(page.request, "/api/v1/calls", { key: twoNetworks.key, address: "198.51.100.99" })).status(),
  ).toBe(200);
});

test("Keep takes a key unused for 40 days off the list; its page shows Key health until then", async ({ page }) => {
  const { unused } = fixtures;
  await page.goto(keyPath(unused.id));
  const health = page.getByRole("region", { name: "Key health" });
  await expect(health.getByTestId("needs-attention-finding")).toHaveText([
    /Never used, created 40 days ago\.\s*Revoke\s*Keep/,
  ]);
  await expect(health.getByRole("link", { name: "Revoke" })).toBeVisible();

  await page.goto("/settings/api");
  const listed = entry(page, unused.name);
  await expect(listed).toContainText("Never used, created 40 days ago.");
  await listed.getByRole("button", { name: "Keep" }).click();
  await expect(page.getByText(`“${unused.name}” kept. It won't be flagged as unused for 90 days.`)).toBeVisible();
  await expect(listed).toHaveCount(0);
  await expect(activity(page).first()).toContainText(`kept “${unused.name}”`);

  await page.goto(keyPath(unused.id));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(unused.name);
  await expect(page.getByRole("region", { name: "Key health" })).toHaveCount(0);
});
