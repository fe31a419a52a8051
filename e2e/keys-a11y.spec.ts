import { expect, test } from "@playwright/test";
import * as settings from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs } = settings.loadFixtures<settings.SettingsFixtures>("settings");
const [admin] = orgs.keysA11y.members;

test.use(signedInAs(admin.email));

for (const { width, height, label, target } of [
  { width: 1280, height: 900, label: "desktop", target: "Desktop roll target" },
  { width: 390, height: 844, label: "phone", target: "Phone roll target" },
]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height } });

    test("the rename, expiry and roll dialogs are accessible and give focus back", async ({ page }) => {
      await page.goto("/settings/api");

      const rename = await settings.openRowDialog(page, target, "Rename", `Rename “${target}”`);
      await settings.expectAccessible(page, `the rename dialog at ${width} px`);
      await settings.screenshot(page, `keys-rename-dialog-${label}`, settings.MODAL);
      await page.keyboard.press("Escape");
      await expect(rename.dialog).toBeHidden();
      await expect(rename.button).toBeFocused();

      const expiry = settings.keyRow(page, target).getByTestId("key-expiry");
      await expiry.scrollIntoViewIfNeeded();
      await expiry.click();
      const expiryDialog = page.getByRole("dialog", { name: `Change when “${target}” expires` });
      await expect(expiryDialog).toBeVisible();
      await settings.expectAccessible(page, `the expiry dialog at ${width} px`);
      await settings.screenshot(page, `keys-expiry-dialog-${label}`, settings.MODAL);
      await expiryDialog.getByRole("button", { name: "Cancel" }).click();
      await expect(expiry).toBeFocused();

      const roll = await settings.openRowDialog(page, target, "Roll", `Roll “${target}”?`);
      await settings.expectAccessible(page, `the roll dialog at ${width} px`);
      await settings.screenshot(page, `keys-roll-dialog-${label}`, settings.MODAL);
      await roll.dialog.getByRole("button", { name: "Roll key" }).click();
      await settings.shownKey(page);
      await settings.expectAccessible(page, `the rolled-key popup at ${width} px`);
      await settings.screenshot(page, `keys-rolled-key-${label}`, settings.MODAL);
      await settings.closeCreatedKeyPopup(page);
      await expect(page.locator("#api-key-usage")).toBeFocused();
      await settings.screenshot(page, `keys-after-roll-${label}`);
    });
  });
}
