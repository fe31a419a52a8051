import { expect, test } from "@playwright/test";
import * as settings from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs } = settings.loadFixtures<settings.SettingsFixtures>("settings");

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
        await expect(settings.usage(page)).toHaveText("3 of 5 keys");
        await expect(settings.keyRow(page, "Salesforce backfill").getByText("Unknown")).toBeVisible();
        // None of the three keys expires: Needs attention lists each, so axe checks it too.
        const needsAttention = page.getByRole("region", { name: "Needs attention" });
        await expect(needsAttention.getByTestId("needs-attention-key")).toHaveCount(3);
        await expect(needsAttention.getByRole("link", { name: "Set an expiry" })).toHaveCount(3);
        await settings.expectAccessible(page, `the settings page at ${width} px`);
        await settings.screenshot(page, `settings-page-${label}`);
        // Nothing but the table's own card may scroll sideways.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

        await page.getByRole("button", { name: "Create New Key" }).click();
        await expect(page.getByRole("dialog", { name: "Create New Key" })).toBeVisible();
        await settings.expectAccessible(page, `the create dialog at ${width} px`);
        await settings.screenshot(page, `settings-create-dialog-${label}`, settings.MODAL);
        await page.keyboard.press("Escape");

        const name = `Accessibility check ${label}`;
        await settings.createKeyThroughUi(page, name);
        await settings.expectAccessible(page, `the new-key popup at ${width} px`);
        await settings.screenshot(page, `settings-created-key-${label}`, settings.MODAL);
        await settings.closeCreatedKeyPopup(page);

        // On a phone the table scrolls inside its card; the row's Revoke is still reachable.
        const revoke = settings.keyRow(page, name).getByRole("button", { name: "Revoke" });
        await revoke.scrollIntoViewIfNeeded();
        await revoke.click();
        const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
        await expect(confirm).toBeVisible();
        await settings.expectAccessible(page, `the revoke dialog at ${width} px`);
        await settings.screenshot(page, `settings-revoke-dialog-${label}`, settings.MODAL);
        await confirm.getByRole("button", { name: "Revoke key" }).click();
        await expect(settings.keyRow(page, name)).toHaveCount(0);
        await expect(settings.usage(page)).toHaveText("3 of 5 keys");
      });
    });

    test.describe(() => {
      test.use(signedInAs(orgs.empty.members[0].email));

      test("the empty state explains what a key is for", async ({ page }) => {
        await page.goto("/settings/api");
        await expect(page.getByRole("heading", { name: "No API keys yet" })).toBeVisible();
        await expect(page.getByText("read your organization's calls through the Glyphic API")).toBeVisible();
        await expect(settings.usage(page)).toHaveText("0 of 5 keys");
        await expect(page.getByRole("link", { name: "API documentation" })).toHaveAttribute("href", "/docs/api");
        await expect(page.getByRole("link", { name: "support@glyphic.ai" })).toHaveAttribute(
          "href",
          "mailto:support@glyphic.ai",
        );
        await settings.expectAccessible(page, `the empty state at ${width} px`);
        await settings.screenshot(page, `settings-empty-${label}`);
      });
    });
  });
}
