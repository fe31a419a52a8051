import { expect, test } from "@playwright/test";
import * as settings from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs, globex } = settings.loadFixtures<settings.SettingsFixtures>("settings");
const [admin] = orgs.limits.members;

test.describe(() => {
  test.use(signedInAs(admin.email));

  test("at the limit Create New Key is disabled with the reason; revoking a key frees the slot", async ({ page }) => {
    await page.goto("/settings/api");
    await expect(settings.usage(page)).toHaveText("4 of 5 keys");
    const create = page.getByRole("button", { name: "Create New Key" });
    await expect(create).toBeEnabled();

    const name = `Fifth key ${Date.now()}`;
    await settings.createKeyThroughUi(page, name);
    await settings.closeCreatedKeyPopup(page);

    await expect(settings.usage(page)).toHaveText("5 of 5 keys");
    await expect(create).toBeDisabled();
    const reason = page.locator("#api-key-limit-reason");
    await expect(reason).toContainText("You've reached your organization's limit of 5 active keys.");
    await expect(reason).toContainText("Revoke an unused key to free up a slot");
    await expect(create).toHaveAttribute("aria-describedby", "api-key-limit-reason");
    // Focus could not go back to the disabled button: it lands on the explanation.
    await expect(page.locator("#api-key-usage")).toBeFocused();
    await settings.expectAccessible(page, "the settings page at the limit");
    await settings.screenshot(page, "settings-at-limit");

    // The unused key (Last Used: Never) goes, through the confirmation modal.
    const row = settings.keyRow(page, name);
    await expect(row.getByRole("cell").nth(5)).toHaveText("Never");
    await row.getByRole("button", { name: "Revoke" }).click();
    const confirm = page.getByRole("dialog", { name: `Revoke “${name}”?` });
    await expect(confirm).toContainText("Revocation is immediate and permanent.");
    await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await settings.screenshot(page, "settings-revoke-dialog", settings.MODAL);
    await confirm.getByRole("button", { name: "Revoke key" }).click();

    await expect(page.getByText(`“${name}” was revoked. Its slot is free again.`)).toBeVisible();
    await expect(confirm).toBeHidden();
    await expect(settings.keyRow(page, name)).toHaveCount(0);
    await expect(settings.usage(page)).toHaveText("4 of 5 keys");
    await expect(create).toBeEnabled();
    await expect(reason).toHaveCount(0);
    // The revoked row's button is gone: focus lands on the usage that shows the freed slot.
    await expect(page.locator("#api-key-usage")).toBeFocused();

    // Cancelling changes nothing and returns focus to the row's Revoke button.
    const zapier = settings.keyRow(page, "Zapier — production").getByRole("button", { name: "Revoke" });
    await zapier.click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await expect(zapier).toBeFocused();
    await expect(settings.usage(page)).toHaveText("4 of 5 keys");

    // Still gone after a reload: revocation was stored, not just hidden.
    await page.reload();
    await expect(settings.keyRow(page, name)).toHaveCount(0);
    await expect(settings.usage(page)).toHaveText("4 of 5 keys");
  });
});

test.describe(() => {
  test.use(signedInAs(globex.admin));

  test("Globex, on the extended limit, creates a sixth key", async ({ page }) => {
    await page.goto("/settings/api");
    const [active, limit] = ((await settings.usage(page).textContent()) ?? "").match(/\d+/g)?.map(Number) ?? [];
    expect(limit).toBe(50);
    expect(active).toBeGreaterThanOrEqual(globex.minimumActiveKeys);

    const name = `Globex sixth key ${Date.now()}`;
    await settings.createKeyThroughUi(page, name);
    await settings.closeCreatedKeyPopup(page);
    await expect(settings.usage(page)).toHaveText(`${active + 1} of 50 keys`);
    await expect(settings.keyRow(page, name).getByRole("cell").nth(4)).toHaveText("Gloria Globex");
    await expect(page.getByRole("button", { name: "Create New Key" })).toBeEnabled();
  });
});
