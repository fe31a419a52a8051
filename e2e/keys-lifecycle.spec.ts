import { expect, test } from "@playwright/test";
import * as settings from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs } = settings.loadFixtures<settings.SettingsFixtures>("settings");
const [admin] = orgs.lifecycle.members;

test.use({ timezoneId: "UTC" });

test.describe("as an admin of an organization with free slots", () => {
  test.use(signedInAs(admin.email));

  test.beforeEach(async ({ page }) => {
    await page.goto("/settings/api");
  });

  test("a key created with an expiry says when it expires, and the activity says who created it", async ({ page }) => {
    await page.getByRole("button", { name: "Create New Key" }).click();
    const form = page.getByRole("dialog", { name: "Create New Key" });
    await expect(form.getByLabel("Expires")).toHaveValue("never");
    await form.getByLabel("Expires").selectOption({ label: "30 days" });
    const key = await settings.createKeyThroughUi(page, "Contractor sandbox", { skipOpen: true });
    await settings.closeCreatedKeyPopup(page);

    await expect(settings.keyRow(page, "Contractor sandbox").getByTestId("key-expiry")).toContainText(
      "Expires in 29 days",
    );
    await expect(settings.keyRow(page, "Zapier — production").getByTestId("key-expiry")).toContainText("No expiry");
    await expect(settings.activity(page).first()).toContainText(
      `Rae Roll created “Contractor sandbox” (${key.slice(0, 9)}…), expiring after 30 days`,
    );
    await expect(settings.activity(page).first().locator("time")).toHaveText("Just now");
  });

  test("rename uses the creation rules, keeps the key, and records old and new name", async ({ page }) => {
    const masked = await settings.keyRow(page, "Warehouse export").getByTestId("masked-key").textContent();
    const { dialog } = await settings.openRowDialog(page, "Warehouse export", "Rename", "Rename “Warehouse export”");
    const name = dialog.getByLabel("Name");
    await expect(name).toBeFocused();
    await expect(name).toHaveValue("Warehouse export");
    await name.fill("   ");
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(dialog.getByText("Enter a name for the key")).toBeVisible();
    await expect(name).toHaveAttribute("aria-invalid", "true");
    await name.fill("Snowflake\u0007export");
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(dialog.getByText("can't contain control characters")).toBeVisible();

    await name.fill("  Snowflake warehouse export ");
    await dialog.getByRole("button", { name: "Save name" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Renamed to “Snowflake warehouse export”.")).toBeVisible();
    const renamed = settings.keyRow(page, "Snowflake warehouse export");
    await expect(renamed.getByTestId("masked-key")).toHaveText(masked ?? "");
    await expect(settings.keyRow(page, "Warehouse export")).toHaveCount(0);
    await expect(renamed.getByRole("button", { name: "Rename Snowflake warehouse export" })).toBeFocused();
    await expect(settings.activity(page).first()).toContainText(
      `Rae Roll renamed “Warehouse export” (${(masked ?? "").slice(0, 9)}…) to “Snowflake warehouse export”`,
    );
  });

  test("roll shows the new key once; the old key is Rolling right below it, with Last Used on both", async ({
    page,
  }) => {
    const requestedUrls: string[] = [];
    page.on("request", (request) => requestedUrls.push(request.url()));
    const before = await settings.usage(page).textContent();
    const oldMasked =
      (await settings.keyRow(page, "Zapier — production").getByTestId("masked-key").textContent()) ?? "";

    const { dialog } = await settings.openRowDialog(page, "Zapier — production", "Roll", "Roll “Zapier — production”?");
    await expect(dialog.getByRole("radio", { name: /In 24 hours/ })).toBeChecked();
    await expect(dialog).toContainText(/Last used\d+ minutes ago/);
    // What the replacement keeps, its allowed addresses included (lib/api-keys/roll-carries.ts).
    const kept = dialog.getByRole("region", { name: "The new key keeps" });
    await expect(kept).toContainText("NameZapier — production");
    await expect(kept).toContainText("ExpiryNever");
    await expect(kept).toContainText("Allowed addresses192.0.2.0/24");
    await expect(dialog.getByTestId("roll-ends-previous")).toHaveCount(0);
    await dialog.getByRole("button", { name: "Roll key" }).click();

    const { popup, key } = await settings.shownKey(page);
    await expect(popup).toContainText(`The old key (${oldMasked.slice(0, 9)}…) stops working in 23 hours.`);
    await expect(popup.getByText("You won't be able to see this key again.")).toBeVisible();
    await popup.getByRole("button", { name: "Done" }).click();
    await expect(popup).toBeHidden();

    // The replacement first (newest), the rolled key right below it.
    const pair = settings.rowsNamed(page, "Zapier — production");
    await expect(pair).toHaveCount(2);
    await expect(pair.nth(0).getByTestId("masked-key")).toHaveText(`${key.slice(0, 9)}${"*".repeat(34)}`);
    await expect(pair.nth(0).getByRole("cell").nth(5)).toHaveText("Never");
    await expect(pair.nth(1).getByTestId("masked-key")).toHaveText(oldMasked);
    await expect(pair.nth(1).getByTestId("key-status")).toHaveText("Rolling — expires in 23 hours");
    await expect(pair.nth(1).getByRole("cell").nth(5)).toHaveText(/^\d+ minutes ago$/);
    await expect(pair.nth(1).getByRole("button", { name: /^Roll / })).toHaveCount(0);
    await expect(pair.nth(1).getByRole("button", { name: "Revoke Zapier — production" })).toBeVisible();
    const index = (row: number) => pair.nth(row).evaluate((tr) => (tr as HTMLTableRowElement).sectionRowIndex);
    expect(await index(1)).toBe((await index(0)) + 1);
    // The replacement took the rolled key's slot.
    await expect(settings.usage(page)).toHaveText(before ?? "");
    await expect(settings.activity(page).first()).toContainText(
      `Rae Roll rolled “Zapier — production” (${oldMasked.slice(0, 9)}…) to a new key (${key.slice(0, 9)}…), with a 24-hour grace period; the new key keeps its allowed addresses (192.0.2.0/24)`,
    );

    // Shown once: not in the page, not after a reload, never in a URL.
    expect(await page.content()).not.toContain(key);
    await page.reload();
    await expect(settings.rowsNamed(page, "Zapier — production")).toHaveCount(2);
    expect(await page.content()).not.toContain(key);
    expect(requestedUrls.filter((url) => url.includes(key))).toEqual([]);
  });

  test("rolling the replacement again ends the old key's grace period, and the dialog says so first", async ({
    page,
  }) => {
    const pair = settings.rowsNamed(page, "Zapier — production");
    await expect(pair).toHaveCount(2);
    const [newest, oldest] = [
      (await pair.nth(0).getByTestId("masked-key").textContent()) ?? "",
      (await pair.nth(1).getByTestId("masked-key").textContent()) ?? "",
    ];
    const { dialog } = await settings.openRowDialog(page, "Zapier — production", "Roll", "Roll “Zapier — production”?");
    await expect(dialog.getByTestId("roll-ends-previous")).toHaveText(
      `The key this one replaced (${oldest.slice(0, 9)}…) still works until its grace period ends in 23 hours. Rolling again stops it now: only the latest old key keeps a grace period.`,
    );
    await expect(dialog.getByRole("region", { name: "The new key keeps" })).toContainText(
      "Allowed addresses192.0.2.0/24",
    );
    await settings.expectAccessible(page, "the roll dialog of a replacement");
    await settings.screenshot(page, "keys-roll-dialog-chained", settings.MODAL);
    await dialog.getByRole("button", { name: "Roll key" }).click();

    const { popup, key } = await settings.shownKey(page);
    await expect(popup).toContainText(`The key before it (${oldest.slice(0, 9)}…) has stopped working.`);
    await settings.closeCreatedKeyPopup(page);

    // One old key per chain keeps working: the one just rolled; the first has expired.
    const chain = settings.rowsNamed(page, "Zapier — production");
    await expect(chain).toHaveCount(3);
    await expect(chain.nth(0).getByTestId("masked-key")).toHaveText(`${key.slice(0, 9)}${"*".repeat(34)}`);
    await expect(chain.nth(1).getByTestId("masked-key")).toHaveText(newest);
    await expect(chain.nth(1).getByTestId("key-status")).toHaveText("Rolling — expires in 23 hours");
    await expect(chain.nth(2).getByTestId("masked-key")).toHaveText(oldest);
    await expect(chain.nth(2).getByTestId("key-status")).toHaveText("Expired");
    await expect(settings.activity(page).nth(0)).toContainText(
      `Rae Roll rolled “Zapier — production” (${newest.slice(0, 9)}…) to a new key (${key.slice(0, 9)}…), with a 24-hour grace period; the new key keeps its allowed addresses (192.0.2.0/24); the key before it (${oldest.slice(0, 9)}…) stopped working`,
    );
    await expect(settings.activity(page).nth(1)).toContainText(
      `Rae Roll ended the grace period of “Zapier — production” (${oldest.slice(0, 9)}…) early, as its replacement (${newest.slice(0, 9)}…) was rolled`,
    );

    // Revoking the newest key would hand its slot back to the one still in grace: the dialog says so.
    await chain.nth(0).getByRole("button", { name: "Revoke Zapier — production" }).click();
    const revoke = page.getByRole("dialog", { name: "Revoke “Zapier — production”?" });
    await expect(revoke).toContainText("The key it replaced keeps working until its own grace period ends");
    await revoke.getByRole("button", { name: "Cancel" }).click();
    await expect(revoke).toBeHidden();
  });

  test("an active key's expiry can be changed from the table", async ({ page }) => {
    const expiry = settings.keyRow(page, "Quarterly report").getByTestId("key-expiry");
    await expect(expiry).toContainText(/Expires in (69|70) days/);
    await expiry.click();
    const dialog = page.getByRole("dialog", { name: "Change when “Quarterly report” expires" });
    await expect(dialog.getByRole("button", { name: "Save expiry" })).toBeDisabled();
    await dialog.getByLabel("New expiry, from today").selectOption({ label: "Never expires" });
    await dialog.getByRole("button", { name: "Save expiry" }).click();
    await expect(dialog).toBeHidden();
    await expect(expiry).toContainText("No expiry");
    await expect(expiry).toBeFocused();
    await expect(settings.activity(page).first()).toContainText("Rae Roll removed the expiry of “Quarterly report”");
  });
});

test.describe(() => {
  test.use(signedInAs(orgs.fullRoll.members[0].email));

  test("at the limit a key can still be rolled: its replacement takes its slot", async ({ page }) => {
    await page.goto("/settings/api");
    await expect(settings.usage(page)).toHaveText("5 of 5 keys");
    await expect(page.getByRole("button", { name: "Create New Key" })).toBeDisabled();

    const { dialog } = await settings.openRowDialog(page, "Alpha integration", "Roll", "Roll “Alpha integration”?");
    await dialog.getByRole("radio", { name: /^Now/ }).check();
    await dialog.getByRole("button", { name: "Roll key" }).click();
    const { popup } = await settings.shownKey(page);
    await expect(popup).toContainText("has stopped working");
    await settings.closeCreatedKeyPopup(page);

    await expect(settings.usage(page)).toHaveText("5 of 5 keys");
    const pair = settings.rowsNamed(page, "Alpha integration");
    await expect(pair.nth(1).getByTestId("key-status")).toHaveText("Expired");
    // Rolling it again is not offered; the expired key is cleared with Revoke, which frees nothing.
    await expect(pair.nth(1).getByRole("button", { name: /^Roll / })).toHaveCount(0);
    await pair.nth(1).getByRole("button", { name: "Revoke Alpha integration" }).click();
    const confirm = page.getByRole("dialog", { name: "Revoke “Alpha integration”?" });
    await expect(confirm).toContainText("This key has already expired and no longer works.");
    await confirm.getByRole("button", { name: "Revoke key" }).click();
    await expect(confirm).toBeHidden();
    await expect(settings.rowsNamed(page, "Alpha integration")).toHaveCount(1);
    await expect(settings.usage(page)).toHaveText("5 of 5 keys");
    await expect(page.getByRole("button", { name: "Create New Key" })).toBeDisabled();
  });
});
