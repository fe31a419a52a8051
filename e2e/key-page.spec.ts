import { expect, type Page, test } from "@playwright/test";
import { apiGet } from "./api-helpers";
import type { KeyPageFixtures } from "./fixtures/key-page";
import { loadFixtures } from "./fixtures/load";
import { beforeHydration, expectAccessible, keyRow, screenshot, shownKey } from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * A key's page (/settings/api/keys/<id>): reached from the table, what it shows, the same row
 * actions, and Allowed addresses, checked over HTTP against the server the page talks to (the
 * client address is X-Forwarded-For's last entry: TRUSTED_PROXY_HOPS=1).
 */
const fixtures = loadFixtures<KeyPageFixtures>("keyPage");
const keyPath = (id: string) => `/settings/api/keys/${id}`;

test.use({ timezoneId: "UTC" });

test.describe("as an admin", () => {
  test.use(signedInAs(fixtures.admin.email));

  test("the key's name in the table links to its page: details, requests by outcome, Recent requests", async ({
    page,
  }) => {
    await page.goto("/settings/api");
    await keyRow(page, fixtures.busy.name).getByRole("link", { name: fixtures.busy.name }).click();
    await expect(page).toHaveURL(keyPath(fixtures.busy.id));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(fixtures.busy.name);
    await expect(page.getByTestId("key-page-status")).toHaveText("Active");
    await expect(page.getByTestId("key-facts")).toContainText(`by ${fixtures.admin.name}`);
    await expect(page.getByTestId("key-facts")).toContainText("Any address");

    await expect(page.getByRole("heading", { name: "Requests", exact: true })).toBeVisible();
    const usage = page.getByTestId("key-usage-table");
    const row = (period: string) => usage.getByRole("row", { name: new RegExp(`^${period}`) });
    // Requests · Successful · Client errors · Rate-limited · Server errors
    await expect(row("Last 24 hours").getByRole("cell")).toHaveText(["120", "110", "7", "3", "0"]);
    await expect(row("Last 7 days").getByRole("cell")).toHaveText(["420", "408", "9", "3", "0"]);
    await expect(row("Last 30 days").getByRole("cell")).toHaveText(["1,420", "1,407", "9", "3", "1"]);

    await expect(page.getByRole("heading", { name: "Recent requests", exact: true })).toBeVisible();
    const requests = page.getByTestId("recent-requests").locator("tbody tr");
    await expect(requests).toHaveCount(100);
    await expect(requests.first()).toContainText("/api/v1/calls/nope");
    await expect(requests.first()).toContainText("404");
    await expect(requests.first()).toContainText("203.0.113.40");
    await expect(requests.first()).toContainText("warehouse-export/2.1");
    await expect(page.getByLabel("Allowed addresses")).toHaveValue("");
    await expect(page.getByRole("button", { name: "Save", exact: true })).toBeVisible();

    await expectAccessible(page, "the key page");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "key-page-1280");
    await screenshot(page, "key-page-1280-top", { fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await screenshot(page, "key-page-390-top", { fullPage: false });
    await page.getByRole("heading", { name: "Network access" }).scrollIntoViewIfNeeded();
    await screenshot(page, "key-page-390-middle", { fullPage: false });
    // Nothing but the tables' own scrolling cards is wider than a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "key-page-390");
  });

  test("Settings → API names a revoked key that is still tried and links to its page, which says from where", async ({
    page,
  }) => {
    await page.goto("/settings/api");
    const notice = page.getByTestId("still-tried-notice");
    await expect(notice).toContainText(
      `“${fixtures.revoked.name}” is still being tried: 40 times in the last 24 hours`,
    );
    await expectAccessible(page, "Settings → API with the still-tried notice");
    await screenshot(page, "settings-still-tried-notice", { fullPage: false });
    await notice.getByRole("link", { name: `“${fixtures.revoked.name}”` }).click();
    await expect(page).toHaveURL(keyPath(fixtures.revoked.id));
    await expect(page.getByTestId("key-page-status")).toHaveText("Revoked");
    await expect(page.getByTestId("still-tried")).toContainText(
      "Still being tried: 40 times in the last 24 hours from 192.0.2.50 (Zapier).",
    );
    await expect(page.getByTestId("key-facts")).toContainText(`Revoked`);
    await expect(page.getByTestId("key-facts")).toContainText(`by ${fixtures.admin.name}`);
    // Nothing to do with a revoked key but look.
    await expect(page.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    await expect(page.getByLabel("Allowed addresses")).toHaveCount(0);
    await screenshot(page, "key-page-revoked");
  });

  test("rename and revoke from the key's page use the table's dialogs; the page then shows the revoke", async ({
    page,
  }) => {
    await page.goto(keyPath(fixtures.disposable.id));
    await page.getByRole("button", { name: "Rename", exact: true }).click();
    const rename = page.getByRole("dialog", { name: `Rename “${fixtures.disposable.name}”` });
    await rename.getByLabel("Name").fill("Temporary import (old)");
    await rename.getByRole("button", { name: "Save name" }).click();
    await expect(rename).toBeHidden();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Temporary import (old)");

    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    const revoke = page.getByRole("dialog", { name: "Revoke “Temporary import (old)”?" });
    await revoke.getByRole("button", { name: "Revoke key" }).click();
    await expect(revoke).toBeHidden();
    await expect(page.getByTestId("key-page-status")).toHaveText("Revoked");
    await expect(page.getByTestId("key-facts")).toContainText(`by ${fixtures.admin.name}`);
    await expect(page.getByRole("button", { name: "Revoke", exact: true })).toHaveCount(0);
    await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  });

  test("roll from the key's page shows the new key once; the old page then reads Rolling and links to the new key", async ({
    page,
  }) => {
    await page.goto(keyPath(fixtures.rollable.id));
    await page.getByRole("button", { name: "Roll", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: `Roll “${fixtures.rollable.name}”?` });
    await dialog.getByRole("button", { name: "Roll key" }).click();
    const { popup } = await shownKey(page);
    await popup.getByRole("button", { name: "Done" }).click();
    await expect(popup).toBeHidden();
    await expect(page.getByTestId("key-page-status")).toHaveText("Rolling");
    await expect(page.getByRole("button", { name: "Roll", exact: true })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Revoke", exact: true })).toBeVisible();
    await page.getByRole("link", { name: "its new key" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(fixtures.rollable.name);
    await expect(page.getByTestId("key-page-status")).toHaveText("Active");
    expect(page.url()).not.toContain(fixtures.rollable.id);
    // Rolling the new key would end the old one's grace period: its Roll dialog says so.
    await page.getByRole("button", { name: "Roll", exact: true }).click();
    const again = page.getByRole("dialog", { name: `Roll “${fixtures.rollable.name}”?` });
    await expect(again.getByTestId("roll-ends-previous")).toContainText(
      "still works until its grace period ends in 23 hours",
    );
    await again.getByRole("button", { name: "Cancel" }).click();
    await expect(again).toBeHidden();
  });

  test("another organization's key and a malformed id are not found", async ({ page }) => {
    for (const id of [fixtures.otherOrgKeyId, "no-such-key", "%00", "x".repeat(80)]) {
      const response = await page.goto(keyPath(id));
      expect(response?.status(), id).toBe(404);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("There's no page here");
      await expect(page.getByText("Not yours")).toHaveCount(0);
    }
  });
});

test.describe("as a member", () => {
  test.use(signedInAs(fixtures.member.email));

  test("a key's page is forbidden, as Settings → API is", async ({ page }) => {
    const response = await page.goto(keyPath(fixtures.busy.id));
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have permission to manage API keys");
    await expect(page.getByText(fixtures.busy.name)).toHaveCount(0);
    await expect(page.getByText("203.0.113.40")).toHaveCount(0);
  });
});

test.describe("Allowed addresses", () => {
  test.use(signedInAs(fixtures.admin.email));

  const me = (page: Page, address: string) =>
    apiGet(page.request, "/api/v1/me", { key: fixtures.allowList.key, address });

  async function save(page: Page, text: string) {
    const field = page.getByLabel("Allowed addresses");
    await field.fill(text);
    await page.getByRole("button", { name: "Save", exact: true }).click();
  }

  async function expectRefused(page: Page, address: string) {
    const response = await me(page, address);
    expect(response.status(), address).toBe(403);
    expect(await response.json()).toEqual({
      error: {
        code: "address_not_allowed",
        message: `Requests from ${address} are not allowed for this API key. An admin can change the key's Allowed addresses in Settings → API.`,
      },
    });
    expect(response.headers()["x-ratelimit-limit"]).toBeTruthy();
  }

  test("are validated, saved, and apply from the very next request: IPv4, IPv6, a range, then cleared", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    // Served, and now in the server's cache of verified keys, as allowed from anywhere.
    expect((await me(page, "203.0.113.10")).status()).toBe(200);
    await page.goto(keyPath(fixtures.allowList.id));
    const state = page.getByTestId("allowed-addresses-state");

    // A typo is an error by its line, and nothing changes.
    await save(page, "203.0.113.9\n203.0.113.300");
    const field = page.getByLabel("Allowed addresses");
    await expect(page.getByText("Line 2: “203.0.113.300” is not a valid IPv4 address")).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toBeFocused();
    await expect(state).toHaveText("Now: any address may use this key.");
    expect((await me(page, "203.0.113.10")).status()).toBe(200);
    await save(page, "0.0.0.0/0");
    await expect(page.getByText("would allow every address")).toBeVisible();

    // One IPv4 address.
    await save(page, "203.0.113.9");
    await expect(state).toHaveText("Now: only 1 address or range.");
    await expectRefused(page, "203.0.113.10");
    expect((await me(page, "203.0.113.9")).status()).toBe(200);

    // An IPv6 range and an IPv4 range (written loosely: saved canonical).
    await save(page, "2001:DB8:ABCD:0::/48\n\n198.51.100.0/24");
    await expect(state).toHaveText("Now: only 2 addresses or ranges.");
    await expect(field).toHaveValue("2001:db8:abcd::/48\n198.51.100.0/24");
    expect((await me(page, "2001:db8:abcd::5")).status()).toBe(200);
    expect((await me(page, "198.51.100.77")).status()).toBe(200);
    await expectRefused(page, "2001:db8:abce::1");
    await expectRefused(page, "203.0.113.9");

    // Cleared: every address again.
    await save(page, "");
    await expect(state).toHaveText("Now: any address may use this key.");
    expect((await me(page, "203.0.113.10")).status()).toBe(200);

    await page.goto("/settings/api");
    await expect(page.getByTestId("activity-event").first()).toContainText(
      `${fixtures.admin.name} removed the allowed addresses of “${fixtures.allowList.name}”`,
    );
  });

  test("lines typed before the page has hydrated are the lines saved", async ({ page }) => {
    const field = page.getByLabel("Allowed addresses");
    await beforeHydration(page, keyPath(fixtures.allowList.id), "#allowed-addresses", () => field.fill("192.0.2.44"));
    await expect(field).toHaveValue("192.0.2.44");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    // Not "any address": the list shown is the list saved.
    const state = page.getByTestId("allowed-addresses-state");
    await expect(state).toHaveText("Now: only 1 address or range.");
    expect((await me(page, "192.0.2.44")).status()).toBe(200);
    await expectRefused(page, "203.0.113.10");
    await save(page, "");
    await expect(state).toHaveText("Now: any address may use this key.");
  });
});
