import { expect, test } from "@playwright/test";
import * as settings from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs } = settings.loadFixtures<settings.SettingsFixtures>("settings");
const [admin] = orgs.usage.members;

test.use({ timezoneId: "UTC", ...signedInAs(admin.email) });

test("each key shows its last 24 hours as a sparkline, with totals and rate-limited requests", async ({ page }) => {
  await page.goto("/settings/api");
  const billing = settings.keyRow(page, "Billing sync");
  // Seeded: 40 (3 limited), 120 (1 limited), 90, 30 and 32 requests in the last 10 hours; 900 three days ago.
  const chart = billing.getByTestId("usage-sparkline");
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAttribute(
    "aria-label",
    "312 requests in the last 24 hours, 4 rate-limited; 1,212 in the last 7 days",
  );
  await expect(chart.locator("rect")).toHaveCount(24);
  await expect(billing.getByTestId("key-usage-cell")).toContainText("312 · 4 limited");
  await expect(billing.getByTestId("key-usage-cell")).toContainText("1,212 in 7 days");
  await expect(billing.getByTestId("key-expiry")).toContainText(/Expires in (59|60) days/);
  await expect(
    page.getByRole("img", { name: /^12 requests in the last 24 hours; 12 in the last 7 days$/ }),
  ).toBeVisible();
});

test("expired and rolling keys stay listed, marked, and don't count toward the limit", async ({ page }) => {
  await page.goto("/settings/api");
  // Billing sync and the new Zapier key: the expired key and the rolling one hold no slot.
  await expect(settings.usage(page)).toHaveText("2 of 5 keys");

  const expired = settings.rowsNamed(page, "Expired export");
  await expect(expired.getByTestId("key-status")).toHaveText("Expired");
  await expect(expired.getByRole("button")).toHaveText(["Revoke"]);
  await expect(expired.getByRole("cell").nth(4)).toHaveText("Unknown");

  const pair = settings.rowsNamed(page, "Zapier");
  await expect(pair).toHaveCount(2);
  await expect(pair.nth(0).getByTestId("key-status")).toHaveCount(0);
  await expect(pair.nth(0).getByRole("cell").nth(5)).toHaveText(/^\d+ minutes ago$/);
  await expect(pair.nth(1).getByTestId("key-status")).toHaveText(/^Rolling — expires in 2[23] hours$/);
  await expect(pair.nth(1).getByRole("cell").nth(5)).toHaveText(/^\d+ minutes ago$/);
  await pair.nth(1).getByTestId("key-status").focus();
  await expect(page.getByRole("tooltip")).toContainText("Replaced by the new key above. This one stops working on");
});

test("Activity lists recent changes as sentences, keeping those of people who left", async ({ page }) => {
  await page.goto("/settings/api");
  await expect(page.getByRole("heading", { name: "Activity" })).toBeVisible();
  const events = settings.activity(page);
  await expect(events).toHaveCount(3);
  await expect(events.nth(0)).toContainText(
    /^Uma Usage rolled “Zapier” \(glyk_\w{4}…\) to a new key \(glyk_Zap2…\), with a 24-hour grace period/,
  );
  await expect(events.nth(0).locator("time")).toHaveText("1 hour ago");
  await expect(events.nth(1)).toContainText("Unknown revoked “Old CRM sync” (glyk_Gone…)");
  await expect(events.nth(1).locator("time")).toHaveText("5 days ago");
  // The creator is no longer a member: "Unknown", as in Created By.
  await expect(events.nth(2)).toContainText(
    /^Unknown created “Expired export” \(glyk_\w{4}…\), expiring after 30 days/,
  );
  // Tooltips answer once the page has hydrated: focus again until this one does.
  const unknown = events.nth(2).locator("[tabindex='0']", { hasText: "Unknown" });
  await expect(async () => {
    await unknown.blur();
    await unknown.focus();
    await expect(page.getByRole("tooltip")).toContainText("has left the workspace", { timeout: 1_000 });
  }).toPass();
  await unknown.blur();
  await events.nth(0).locator("time").hover();
  await expect(page.getByRole("tooltip")).toContainText(" at ");
});

for (const { width, height, label } of [
  { width: 1280, height: 900, label: "desktop" },
  { width: 390, height: 844, label: "phone" },
]) {
  test(`at ${width} px the page with usage, expiry and activity is accessible and fits`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto("/settings/api");
    await expect(settings.keyRow(page, "Billing sync").getByTestId("usage-sparkline")).toBeVisible();
    await settings.expectAccessible(page, `the settings page with usage and activity at ${width} px`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await settings.screenshot(page, `keys-page-${label}`);
  });
}

test("revoking an expired key clears it from the table and frees nothing", async ({ page }) => {
  await page.goto("/settings/api");
  const { dialog } = await settings.openRowDialog(page, "Expired export", "Revoke", "Revoke “Expired export”?");
  await dialog.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("“Expired export” was revoked.")).toBeVisible();
  await expect(settings.rowsNamed(page, "Expired export")).toHaveCount(0);
  await expect(settings.usage(page)).toHaveText("2 of 5 keys");
  await expect(settings.activity(page).first()).toContainText("Uma Usage revoked “Expired export”");
});
