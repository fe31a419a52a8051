import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page, test } from "@playwright/test";
import { parseCsv } from "../tests/csv";
import { activity, beforeHydration, expectAccessible } from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * Activity on Settings → API at depth (org e2e-activity, e2e/fixtures/settings-orgs.ts: 47
 * events, 44 of them of "Billing export"): Show more through every page, the key filter in the
 * URL, Export CSV for admins, and the export refused to a member and to a signed-out request.
 */
const ADMIN = "admin@e2e-activity.test";
const MEMBER = "member@e2e-activity.test";
const TOTAL = 47;

const section = (page: Page) => page.locator("section", { has: page.getByRole("heading", { name: "Activity" }) });
const showMore = (page: Page) => page.getByRole("button", { name: "Show more" });
const keyFilter = (page: Page) => page.getByLabel("Key", { exact: true });

/** Chooses a key in the filter as a user would, hydrated or not (the page applies it either way). */
async function chooseKey(page: Page, label: string, url: RegExp = /\?activityKey=\w+/) {
  await keyFilter(page).selectOption({ label });
  await expect(page).toHaveURL(url);
}

async function shoot(page: Page, name: string) {
  const dir = path.join("test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  await section(page).screenshot({ path: path.join(dir, `${name}.png`) });
}

test.describe("an admin", () => {
  test.use(signedInAs(ADMIN));

  test("pages back through every event with Show more, focus kept in place", async ({ page }) => {
    await page.goto("/settings/api");
    await expect(activity(page)).toHaveCount(20);
    await expect(activity(page).first()).toContainText("Ada Audit created “Support bot”");
    await expectAccessible(page, "Activity with Show more");

    await showMore(page).focus();
    await page.keyboard.press("Enter");
    await expect(activity(page)).toHaveCount(40);
    await expect(showMore(page)).toBeFocused();
    // As a person would: press again once the button no longer shows it is busy.
    await expect(showMore(page)).toHaveAttribute("aria-disabled", "false");
    await page.keyboard.press("Enter");
    await expect(activity(page)).toHaveCount(TOTAL);
    await expect(showMore(page)).toHaveCount(0);
    // The button is gone: focus moves to the first event just loaded, not to the top of the page.
    await expect(activity(page).nth(40)).toBeFocused();
    await expect(section(page).getByRole("status")).toHaveText("Loaded 7 more. That's all 47 events.");
    const lines = await activity(page).allTextContents();
    expect(new Set(lines).size).toBe(TOTAL);
    await expect(activity(page).nth(TOTAL - 2)).toContainText("Unknown revoked “Old importer”");
    await expect(activity(page).last()).toContainText("Unknown created “Old importer”");
    await expectAccessible(page, "Activity after the last page");
    await shoot(page, "activity-all-loaded-desktop");
  });

  test("filters by key, revoked keys included, in a shareable URL", async ({ page }) => {
    await page.goto("/settings/api");
    const options = await keyFilter(page).locator("option").allTextContents();
    expect(options[0]).toBe("All keys");
    expect(options.some((option) => /^Old importer \(glyk_\w{4}…\) — revoked$/.test(option))).toBe(true);
    expect(options).toHaveLength(5);

    await keyFilter(page).focus();
    await chooseKey(page, options.find((option) => option.startsWith("Support bot")) ?? "");
    await expect(activity(page)).toHaveCount(2);
    // The page re-renders in place: the select keeps focus (no loading screen in between).
    await expect(keyFilter(page)).toBeFocused();
    await expect(activity(page).first()).toContainText("Ada Audit created “Support bot”");
    await expect(section(page).getByText(/^Changes to “Support bot”/)).toBeVisible();
    await shoot(page, "activity-filtered-desktop");

    await keyFilter(page).selectOption({ label: options.find((option) => option.startsWith("Billing export")) ?? "" });
    await expect(activity(page)).toHaveCount(20);
    await expect(activity(page).first()).toContainText("“Billing export”");
    const shared = page.url();
    await showMore(page).click();
    await expect(activity(page)).toHaveCount(40);
    await showMore(page).click();
    await expect(activity(page)).toHaveCount(42);
    for (const line of await activity(page).allTextContents()) expect(line).toContain("“Billing export”");

    // The link opens the same filtered view.
    await page.goto(shared);
    await expect(keyFilter(page)).toHaveValue(new URL(shared).searchParams.get("activityKey") ?? "");
    await expect(activity(page)).toHaveCount(20);

    await chooseKey(page, "All keys", /\/settings\/api$/);
    await expect(activity(page)).toHaveCount(20);
    await expect(activity(page).first()).toContainText("“Support bot”");
  });

  test("a key chosen before the page has hydrated is applied once it has", async ({ page }) => {
    await beforeHydration(page, "/settings/api", "#activity-key-filter", async () => {
      const support = await keyFilter(page)
        .locator("option", { hasText: /^Support bot/ })
        .textContent();
      await keyFilter(page).selectOption({ label: support ?? "" });
    });
    await expect(page).toHaveURL(/\?activityKey=\w+/);
    await expect(activity(page)).toHaveCount(2);
    await expect(keyFilter(page)).toHaveValue(new URL(page.url()).searchParams.get("activityKey") ?? "");
  });

  test("a filter naming no key of the organization says so and shows nothing", async ({ page }) => {
    const response = await page.goto("/settings/api?activityKey=cm-not-a-key-of-yours");
    expect(response?.status()).toBe(200);
    await expect(section(page).getByRole("status")).toContainText("isn't one of your organization's keys");
    await expect(activity(page)).toHaveCount(0);
    await expectAccessible(page, "Activity with an unknown key filter");
    await shoot(page, "activity-unknown-filter-desktop");
    await section(page).getByRole("link", { name: "Show all activity" }).click();
    await expect(page).toHaveURL(/\/settings\/api$/);
    await expect(activity(page)).toHaveCount(20);
  });

  test("Export CSV downloads every event, and the filtered key's only", async ({ page }) => {
    await page.goto("/settings/api");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV", exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^glyphic-activity-e2e-activity-\d{4}-\d\d-\d\d\.csv$/);
    const text = readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, "");
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual(["Time (UTC)", "Actor", "Actor email", "Action", "Key name", "Key prefix", "Details"]);
    expect(rows).toHaveLength(TOTAL);
    expect(rows[0].slice(1, 5)).toEqual(["Ada Audit", ADMIN, "api_key.created", "Support bot"]);
    expect(rows[2][4]).toBe('Reports, "quarterly"');
    expect(rows.at(-2)?.slice(1, 5)).toEqual(["Unknown", "", "api_key.revoked", "Old importer"]);
    expect(rows.every((row) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row[0]))).toBe(true);
    expect(text).not.toContain("former@e2e-activity.test");

    await chooseKey(page, (await keyFilter(page).locator("option").nth(1).textContent()) ?? "");
    await expect(activity(page)).toHaveCount(2);
    const [filtered] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Export CSV", exact: true }).click(),
    ]);
    const filteredRows = parseCsv(readFileSync(await filtered.path(), "utf8").replace(/^\uFEFF/, "")).slice(1);
    expect(filteredRows.map((row) => row[4])).toEqual(["Support bot", "Support bot"]);

    const unknown = await page.request.get("/settings/api/activity.csv?key=cm-not-a-key-of-yours");
    expect(unknown.status()).toBe(404);
    expect(await unknown.text()).not.toContain("Support bot");
  });

  for (const { width, height, label } of [
    { width: 1280, height: 900, label: "desktop" },
    { width: 390, height: 844, label: "phone" },
  ]) {
    test(`the Activity section at ${width} px`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto("/settings/api");
      await expect(activity(page)).toHaveCount(20);
      await expect(page.getByRole("link", { name: "Export CSV", exact: true })).toBeVisible();
      await expectAccessible(page, `Activity at ${width} px`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await shoot(page, `activity-${label}`);
      await showMore(page).click();
      await expect(activity(page)).toHaveCount(40);
      await shoot(page, `activity-more-${label}`);
    });
  }
});

test.describe("a member", () => {
  test.use(signedInAs(MEMBER));

  test("sees no Activity and cannot export it, even by URL", async ({ page }) => {
    const response = await page.goto("/settings/api");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveCount(0);
    await expect(activity(page)).toHaveCount(0);
    const exported = await page.request.get("/settings/api/activity.csv");
    expect(exported.status()).toBe(403);
    expect(exported.headers()["content-type"]).toContain("text/plain");
    const body = await exported.text();
    expect(body).toContain("You don't have permission to export activity");
    expect(body).not.toContain("Billing export");
  });
});

test("a signed-out request for the export goes to sign-in, with no data", async ({ request }) => {
  const response = await request.get("/settings/api/activity.csv", { maxRedirects: 0 });
  expect([303, 307]).toContain(response.status());
  expect(response.headers().location).toMatch(/\/login\?callbackUrl=/);
  expect(await response.text()).not.toContain("Billing export");
});
