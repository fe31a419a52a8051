import { expect, test } from "@playwright/test";
import {
  closeCreatedKeyPopup,
  createKeyThroughUi,
  expectAccessible,
  keyRow,
  loadFixtures,
  MODAL,
  type SettingsFixtures,
  screenshot,
  usage,
} from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs } = loadFixtures<SettingsFixtures>("settings");

for (const { width, height, label } of [
  { width: 1280, height: 900, label: "desktop" },
  { width: 390, height: 844, label: "phone" },
]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height } });

    test.describe(() => {
      test.use(signedInAs(orgs.a11y.members[0].email));

      test("the page and each modal are accessible and fit the screen", async ({ page }) => {
        await page.goto("/settings/api");
        await expect(usage(page)).toHaveText("3 of 5 keys");
        await expect(keyRow(page, "Salesforce backfill").getByText("Unknown")).toBeVisible();
        await expectAccessible(page, `the settings page at ${width} px`);
        await screenshot(page, `settings-page-${label}`);
        // Nothing but the table's own card may scroll sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

        await page.getByRole("button", { name: "Create New Key" }).click();
        await expect(page.getByRole("dialog", { name: "Create New Key" })).toBeVisible();
        await expectAccessible(page, `the create dialog at ${width} px`);
        await screenshot(page, `settings-create-dialog-${label}`, MODAL);
        await page.keyboard.press("Escape");

        const name = `Accessibility check ${label}`;
        await createKeyThroughUi(page, name);
        await expectAccessible(page, `the new-key popup at ${width} px`);
        await screenshot(page, `settings-created-key-${label}`, MODAL);
        await closeCreatedKeyPopup(page);

        // On a phone the table scrolls inside its card; the row's Revoke is still reachable.
        const revoke = keyRow(page, name).getByRole("button", { name: "Revoke" });
        await revoke.scrollIntoViewIfNeeded();
        await revoke.click();
        const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
        await expect(confirm).toBeVisible();
        await expectAccessible(page, `the revoke dialog at ${width} px`);
        await screenshot(page, `settings-revoke-dialog-${label}`, MODAL);
        await confirm.getByRole("button", { name: "Revoke key" }).click();
        await expect(keyRow(page, name)).toHaveCount(0);
        await expect(usage(page)).toHaveText("3 of 5 keys");
      });
    });

    test.describe(() => {
      test.use(signedInAs(orgs.empty.members[0].email));

      test("the empty state explains what a key is for", async ({ page }) => {
        await page.goto("/settings/api");
        await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
        await expect(page.getByText("read your organization's calls through the Glyphic API")).toBeVisible();
        await expect(usage(page)).toHaveText("0 of 5 keys");
        await expect(page.getByRole("link", { name: "API documentation" })).toHaveAttribute("href", "/docs/api");
        await expect(page.getByRole("link", { name: "support@glyphic.ai" })).toHaveAttribute(
          "href",
          "mailto:support@glyphic.ai",
        );
        await expectAccessible(page, `the empty state at ${width} px`);
        await screenshot(page, `settings-empty-${label}`);
      });
    });
  });
}
