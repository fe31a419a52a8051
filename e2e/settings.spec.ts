import { expect, test } from "@playwright/test";
import { formatExactTime } from "../lib/format/dates";
import * as settings from "./settings-helpers";
import { signedInAs } from "./signed-in";

const { orgs } = settings.loadFixtures<settings.SettingsFixtures>("settings");
const org = orgs.keys;
const [admin, secondAdmin] = org.members;

test.use({ timezoneId: "UTC", permissions: ["clipboard-read", "clipboard-write"], ...signedInAs(admin.email) });

test("an admin creates a key and sees the full key exactly once", async ({ page }) => {
  const requestedUrls: string[] = [];
  page.on("request", (request) => requestedUrls.push(request.url()));
  await page.goto("/settings/api");
  const before = Number((await settings.usage(page).textContent())?.split(" ")[0]);

  await page.getByRole("button", { name: "Create New Key" }).click();
  const form = page.getByRole("dialog", { name: "Create New Key" });
  const name = form.getByLabel("Name");
  await expect(name).toBeFocused();
  await expect(name).toHaveAttribute("placeholder", "e.g. Internal data warehouse export");

  // Validation: empty, too long, control characters: a field error, nothing created.
  await form.getByRole("button", { name: "Create Key" }).click();
  await expect(form.getByText("Enter a name for the key")).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toBeFocused();
  await name.fill("x".repeat(101));
  await form.getByRole("button", { name: "Create Key" }).click();
  await expect(form.getByText("Use 100 characters or fewer.")).toBeVisible();
  await name.fill("Warehouse\u0007export");
  await form.getByRole("button", { name: "Create Key" }).click();
  await expect(form.getByText("can't contain control characters")).toBeVisible();
  await settings.screenshot(page, "settings-create-dialog-error", settings.MODAL);

  await name.fill("  Internal data warehouse export  ");
  const actionResponse = page.waitForResponse(
    (response) => response.request().method() === "POST" && Boolean(response.request().headers()["next-action"]),
  );
  await form.getByRole("button", { name: "Create Key" }).click();
  const response = await actionResponse;
  // The response that carries the key must not be stored by any cache.
  expect(response.headers()["cache-control"]).toContain("no-store");

  const popup = page.getByRole("dialog", { name: "Save your new API key" });
  const shown = popup.getByTestId("created-api-key");
  await expect(shown).toHaveText(settings.KEY_PATTERN);
  const key = (await shown.textContent()) ?? "";
  settings.recordSeenKey(key);
  await expect(popup.getByText("You won't be able to see this key again.")).toBeVisible();
  await expect(popup).toContainText("Internal data warehouse export");
  await expect(page.getByText("API key “Internal data warehouse export” created.")).toBeVisible();

  await popup.getByRole("button", { name: "Copy" }).click();
  await expect(popup.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
  await settings.screenshot(page, "settings-created-key-dialog", settings.MODAL);

  // Behind the popup the table already has the key, masked.
  await settings.closeCreatedKeyPopup(page);
  await expect(page.getByRole("button", { name: "Create New Key" })).toBeFocused();
  expect(await page.content()).not.toContain(key);

  const row = settings.keyRow(page, "Internal data warehouse export");
  await expect(row.getByTestId("masked-key")).toHaveText(settings.maskedPattern());
  await expect(row.getByTestId("masked-key")).toHaveText(`${key.slice(0, 9)}${"*".repeat(34)}`);
  await expect(row.getByRole("cell").nth(4)).toHaveText(admin.name);
  await expect(row.getByRole("cell").nth(5)).toHaveText("Never");
  await expect(page.getByRole("row").nth(1)).toContainText("Internal data warehouse export"); // newest first
  await expect(settings.usage(page)).toHaveText(`${before + 1} of 5 keys`);

  // Not after a reload, not in the page's RSC payload, not after leaving and coming back.
  await page.reload();
  await expect(settings.keyRow(page, "Internal data warehouse export")).toBeVisible();
  expect(await page.content()).not.toContain(key);
  const rsc = await page.request.get("/settings/api", { headers: { RSC: "1" } });
  expect(await rsc.text()).not.toContain(key);
  await page.goto("about:blank");
  await page.goBack();
  await expect(settings.keyRow(page, "Internal data warehouse export")).toBeVisible();
  expect(await page.content()).not.toContain(key);
  await expect(page.getByRole("dialog")).toHaveCount(0);

  expect(requestedUrls.filter((url) => url.includes(key))).toEqual([]);
});

test.describe(() => {
  test.use(signedInAs(secondAdmin.email));

  test("leaving the page with the key on screen drops it: going back does not show it", async ({ page }) => {
    await page.goto("/settings/api");
    const key = await settings.createKeyThroughUi(page, "Back-button check");
    await page.goto("about:blank");
    await page.goBack();
    await expect(settings.keyRow(page, "Back-button check")).toBeVisible();
    await expect(page.getByRole("dialog")).toHaveCount(0);
    expect(await page.content()).not.toContain(key);

    // Tidy up through the revoke modal, so this organization keeps a free slot.
    await settings.keyRow(page, "Back-button check").getByRole("button", { name: "Revoke" }).click();
    await page
      .getByRole("dialog", { name: "Revoke “Back-button check”?" })
      .getByRole("button", { name: "Revoke key" })
      .click();
    await expect(settings.keyRow(page, "Back-button check")).toHaveCount(0);
  });
});

test("every admin sees every key, with creator, dates and last use", async ({ page }) => {
  await page.goto("/settings/api");
  await expect(page.getByRole("columnheader")).toHaveText([
    "Name",
    "Permissions",
    "API Key",
    "Created On",
    "Created By",
    "Last Used",
    "Usage (24 h)",
    "Actions",
  ]);
  const names = await page.getByRole("row").locator("td:first-child").allTextContents();
  const fixtureOrder = names.filter((name) => org.keys.some((key) => key.name === name));
  expect(fixtureOrder).toEqual(["Nightly warehouse sync", "Shared CI key", "Legacy export"]);

  const nightly = settings.keyRow(page, "Nightly warehouse sync");
  await expect(nightly.getByRole("cell").nth(4)).toHaveText(secondAdmin.name);
  const lastUsed = nightly.getByRole("cell").nth(5).locator("time");
  await expect(lastUsed).toHaveText(/^\d+ minutes ago$/);
  await lastUsed.hover();
  const usedAt = new Date((await lastUsed.getAttribute("datetime")) ?? "");
  expect(Date.now() - usedAt.getTime()).toBeGreaterThanOrEqual(org.keys[2].lastUsedAgo ?? 0);
  await expect(page.getByRole("tooltip")).toHaveText(formatExactTime(usedAt, "UTC"));

  // The creator left the workspace: Unknown, with the reason on focus.
  const legacy = settings.keyRow(page, "Legacy export");
  const unknown = legacy.getByText("Unknown");
  await expect(unknown).toBeVisible();
  await unknown.focus();
  await expect(page.getByRole("tooltip")).toContainText("has left the workspace");
  await expect(legacy.getByRole("cell").nth(5)).toHaveText("1 month ago");
});

test("the create dialog keeps focus inside, and Escape returns it to the button", async ({ page }) => {
  await page.goto("/settings/api");
  const create = page.getByRole("button", { name: "Create New Key" });
  await create.focus();
  await page.keyboard.press("Enter");
  const form = page.getByRole("dialog", { name: "Create New Key" });
  await expect(form.getByLabel("Name")).toBeFocused();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press("Tab");
    expect(await form.evaluate((dialog) => dialog.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press("Escape");
  await expect(form).toBeHidden();
  await expect(create).toBeFocused();
});

test("revoking a key another admin already revoked is a clean error that changes nothing else", async ({
  page,
  browser,
}) => {
  await page.goto("/settings/api");
  const before = Number((await settings.usage(page).textContent())?.split(" ")[0]);
  await settings.keyRow(page, "Shared CI key").getByRole("button", { name: "Revoke" }).click();
  const confirm = page.getByRole("dialog", { name: "Revoke “Shared CI key”?" });
  await expect(confirm).toBeVisible();

  const otherContext = await browser.newContext(signedInAs(secondAdmin.email));
  const other = await otherContext.newPage();
  await other.goto("/settings/api");
  await settings.keyRow(other, "Shared CI key").getByRole("button", { name: "Revoke" }).click();
  await other.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(settings.keyRow(other, "Shared CI key")).toHaveCount(0);
  await otherContext.close();

  await confirm.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByText("This key doesn't exist or has already been revoked.")).toBeVisible();
  await expect(confirm).toBeHidden();
  await expect(settings.keyRow(page, "Shared CI key")).toHaveCount(0);
  await expect(settings.usage(page)).toHaveText(`${before - 1} of 5 keys`);
  await expect(settings.keyRow(page, "Nightly warehouse sync")).toBeVisible();
});
