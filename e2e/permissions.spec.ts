import { expect, type Locator, type Page, test } from "@playwright/test";
import { apiGet, randomAddress } from "./api-helpers";
import {
  activity,
  closeCreatedKeyPopup,
  expectAccessible,
  KEY_PATTERN,
  keyRow,
  loadFixtures,
  MODAL,
  recordSeenKey,
  type SettingsFixtures,
  screenshot,
} from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * Permissions in the UI (org e2e-permissions, no keys at first): Create New Key's presets and
 * Custom matrix, the table's Permissions column, the key page's Permissions section and its
 * Change permissions dialog, and over HTTP that what the UI set is what the API enforces.
 * Serial: the later tests use the keys the first one creates (five, the organization's limit).
 * The key page's test turns Calls reader into Full access; the HTTP test uses the others.
 */
const { orgs } = loadFixtures<SettingsFixtures>("settings");
const [admin, member] = orgs.permissions.members;

type Levels = { Calls?: "None" | "Read"; "API keys"?: "None" | "Read" | "Write"; Activity?: "None" | "Read" };

/** Keys made by the first test: name → plaintext key and id. */
const made = new Map<string, { key: string; id: string }>();

function createDialog(page: Page): Locator {
  return page.getByRole("dialog", { name: "Create New Key" });
}

async function openCreate(page: Page): Promise<Locator> {
  await page.getByRole("button", { name: "Create New Key" }).click();
  const dialog = createDialog(page);
  await expect(dialog).toBeVisible();
  return dialog;
}

async function chooseLevels(dialog: Locator, levels: Levels) {
  for (const [resource, level] of Object.entries(levels)) {
    await dialog.getByRole("radiogroup", { name: resource }).getByRole("radio", { name: level, exact: true }).check();
  }
}

/** Creates a key from an open Create dialog; records it, closes the popup, returns the key. */
async function create(page: Page, dialog: Locator, name: string): Promise<string> {
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create Key" }).click();
  const shown = page.getByRole("dialog", { name: "Save your new API key" }).getByTestId("created-api-key");
  await expect(shown).toHaveText(KEY_PATTERN);
  const key = (await shown.textContent()) ?? "";
  recordSeenKey(key);
  await closeCreatedKeyPopup(page);
  const id = (await keyRow(page, name).getAttribute("data-key-id")) ?? "";
  made.set(name, { key, id });
  return key;
}

/** Toasts would cover part of a screenshot: waits until they have gone (a few seconds). */
async function closeToasts(page: Page) {
  await page.mouse.move(0, 0); // a toast under the pointer stays
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 20_000 });
}

const permissionsCell = (page: Page, name: string) => keyRow(page, name).getByTestId("key-permissions");

test.describe.configure({ mode: "serial" });

test.describe("as an admin", () => {
  test.use(signedInAs(admin.email));

  test("Create New Key offers Read calls, Read-only, Full access and Custom; the table says which each key got", async ({
    page,
  }) => {
    await page.goto("/settings/api");

    // Read calls is the default: created without touching Permissions.
    let dialog = await openCreate(page);
    const presets = dialog.getByRole("group", { name: "Permissions" }).getByRole("radio");
    await expect(presets).toHaveCount(4);
    for (const [label, checked] of [
      ["Read calls", true],
      ["Read-only", false],
      ["Full access", false],
      ["Custom", false],
    ] as const) {
      const radio = dialog.getByRole("radio", { name: label, exact: true });
      if (checked) await expect(radio).toBeChecked();
      else await expect(radio).not.toBeChecked();
    }
    await expect(dialog.getByTestId("permissions-matrix")).toHaveCount(0);
    await create(page, dialog, "Calls reader");
    await expect(permissionsCell(page, "Calls reader")).toHaveText("Read calls");

    dialog = await openCreate(page);
    await dialog.getByRole("radio", { name: "Read-only", exact: true }).check();
    await expect(dialog.getByRole("radio", { name: "Read-only", exact: true })).toHaveAccessibleDescription(
      /Change nothing/,
    );
    await create(page, dialog, "Read-only dashboard");
    await expect(permissionsCell(page, "Read-only dashboard")).toHaveText("Read-only");

    dialog = await openCreate(page);
    await dialog.getByRole("radio", { name: "Full access", exact: true }).check();
    await create(page, dialog, "Key manager");
    await expect(permissionsCell(page, "Key manager")).toHaveText("Full access");

    // Custom starts from the preset chosen before it (Read-only: Calls, API keys and Activity Read).
    dialog = await openCreate(page);
    await dialog.getByRole("radio", { name: "Read-only", exact: true }).check();
    await dialog.getByRole("radio", { name: "Custom", exact: true }).check();
    const matrix = dialog.getByTestId("permissions-matrix");
    await expect(matrix).toBeVisible();
    const level = (resource: string, name: string) =>
      dialog.getByRole("radiogroup", { name: resource }).getByRole("radio", { name, exact: true });
    await expect(level("Calls", "Read")).toBeChecked();
    await expect(level("API keys", "Read")).toBeChecked();
    await expect(level("Activity", "Read")).toBeChecked();
    await expect(dialog.getByRole("radiogroup", { name: "API keys" }).getByRole("radio")).toHaveCount(3);
    await expect(dialog.getByRole("radiogroup", { name: "Calls" }).getByRole("radio")).toHaveCount(2);

    // Nothing at all is refused by the server, beside the field, and nothing is created.
    await chooseLevels(dialog, { Calls: "None", "API keys": "None", Activity: "None" });
    await dialog.getByLabel("Name").fill("Does nothing");
    await dialog.getByRole("button", { name: "Create Key" }).click();
    await expect(
      dialog.getByText("Choose at least one permission: a key that can do nothing is of no use."),
    ).toBeVisible();
    await expect(dialog.getByRole("group", { name: "Permissions" })).toHaveAccessibleDescription(
      /Choose at least one permission/,
    );
    await expect(keyRow(page, "Does nothing")).toHaveCount(0);

    await chooseLevels(dialog, { Calls: "Read", Activity: "Read" });
    await dialog.getByLabel("Name").fill("Calls and activity");
    await expectAccessible(page, "Create New Key with Custom open");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "permissions-create-custom-desktop", MODAL);
    await page.setViewportSize({ width: 390, height: 844 });
    await matrix.scrollIntoViewIfNeeded();
    await screenshot(page, "permissions-create-custom-phone", MODAL);
    await page.setViewportSize({ width: 1280, height: 900 });
    await create(page, dialog, "Calls and activity");
    await expect(permissionsCell(page, "Calls and activity")).toHaveText("Custom: Read calls, Read activity");

    dialog = await openCreate(page);
    await dialog.getByRole("radio", { name: "Custom", exact: true }).check();
    // From Read calls: Calls Read, the rest None.
    await expect(level("Calls", "Read")).toBeChecked();
    await expect(level("API keys", "None")).toBeChecked();
    await chooseLevels(dialog, { Calls: "None", Activity: "Read" });
    await create(page, dialog, "Activity only");
    await expect(permissionsCell(page, "Activity only")).toHaveText("Custom: Read activity");

    await expectAccessible(page, "the key table with permissions");
    await closeToasts(page);
    await screenshot(page, "permissions-table-desktop");
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(permissionsCell(page, "Calls reader")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "only the table's card scrolls sideways").toBeLessThanOrEqual(0);
    await screenshot(page, "permissions-table-phone");
  });

  test("Change permissions on the key page: Read calls → Full access, shown at once and in Activity", async ({
    page,
  }) => {
    const reader = made.get("Calls reader");
    expect(reader, "the first test made the key").toBeTruthy();
    await page.goto(`/settings/api/keys/${reader?.id}`);

    const section = page.locator("section", { has: page.getByRole("heading", { name: "Permissions", exact: true }) });
    const can = section.getByTestId("permissions-can").getByRole("listitem");
    const cannot = section.getByTestId("permissions-cannot").getByRole("listitem");
    await expect(section.getByTestId("key-permissions")).toHaveText("Read calls");
    await expect(can).toHaveText(["Read calls"]);
    await expect(cannot).toHaveText([
      "List and read API keys, their requests and usage",
      "Create, change, roll and revoke API keys",
      "Read the activity log",
    ]);
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "permissions-key-page-desktop", { fullPage: false });

    const button = section.getByRole("button", { name: "Change permissions" });
    await button.click();
    const dialog = page.getByRole("dialog", { name: "Change permissions of “Calls reader”" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("radio", { name: "Read calls", exact: true })).toBeChecked();
    await dialog.getByRole("radio", { name: "Full access", exact: true }).check();
    await expectAccessible(page, "the Change permissions dialog");
    await screenshot(page, "permissions-change-dialog-desktop", MODAL);
    await dialog.getByRole("button", { name: "Save permissions" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Permissions of “Calls reader” changed to Full access.")).toBeVisible();
    await expect(button).toBeFocused();

    await expect(section.getByTestId("key-permissions")).toHaveText("Full access");
    await expect(can).toHaveText([
      "Read calls",
      "List and read API keys, their requests and usage",
      "Create, change, roll and revoke API keys",
      "Read the activity log",
    ]);
    await expect(section.getByTestId("permissions-cannot")).toHaveCount(0);
    await expectAccessible(page, "the key page's Permissions");
    await closeToasts(page);
    await screenshot(page, "permissions-key-page-after-desktop", { fullPage: false });
    await page.setViewportSize({ width: 390, height: 844 });
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "permissions-key-page-phone", { fullPage: false });

    await page.goto("/settings/api");
    await expect(permissionsCell(page, "Calls reader")).toHaveText("Full access");
    await expect(activity(page).first()).toContainText(`${admin.name} changed the permissions of “Calls reader”`);
  });

  test("a Custom key's page lists what it can and cannot do", async ({ page }) => {
    const custom = made.get("Calls and activity");
    expect(custom, "the first test made the key").toBeTruthy();
    await page.goto(`/settings/api/keys/${custom?.id}`);
    const section = page.locator("section", { has: page.getByRole("heading", { name: "Permissions", exact: true }) });
    await expect(section.getByTestId("key-permissions")).toHaveText("Custom: Read calls, Read activity");
    await expect(section.getByTestId("permissions-can").getByRole("listitem")).toHaveText([
      "Read calls",
      "Read the activity log",
    ]);
    await expect(section.getByTestId("permissions-cannot").getByRole("listitem")).toHaveText([
      "List and read API keys, their requests and usage",
      "Create, change, roll and revoke API keys",
    ]);
    // The dialog starts from the key's own set: Custom, with its levels.
    await section.getByRole("button", { name: "Change permissions" }).click();
    const dialog = page.getByRole("dialog", { name: "Change permissions of “Calls and activity”" });
    await expect(dialog.getByRole("radio", { name: "Custom", exact: true })).toBeChecked();
    await expect(
      dialog.getByRole("radiogroup", { name: "Activity" }).getByRole("radio", { name: "Read", exact: true }),
    ).toBeChecked();
    await expect(
      dialog.getByRole("radiogroup", { name: "API keys" }).getByRole("radio", { name: "None", exact: true }),
    ).toBeChecked();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await page.setViewportSize({ width: 390, height: 844 });
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, "permissions-key-page-custom-phone", { fullPage: false });
  });

  test("a revoked key's page shows what it could do, with no Change permissions", async ({ page }) => {
    const manager = made.get("Key manager");
    expect(manager, "the first test made the key").toBeTruthy();
    await page.goto(`/settings/api/keys/${manager?.id}`);
    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
    await expect(page.getByTestId("key-page-status")).toHaveText("Revoked");
    await expect(page.getByTestId("key-page-permissions").getByTestId("key-permissions")).toHaveText("Full access");
    await expect(page.getByRole("button", { name: "Change permissions" })).toHaveCount(0);
  });
});

test.describe("as a member", () => {
  test.use(signedInAs(member.email));

  test("a member gets no key page and no Change permissions button", async ({ page }) => {
    const reader = made.get("Calls reader");
    expect(reader, "the first test made the key").toBeTruthy();
    const response = await page.goto(`/settings/api/keys/${reader?.id}`);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have permission to manage API keys");
    await expect(page.getByRole("button", { name: "Change permissions" })).toHaveCount(0);
  });
});

// Last, as it needs the server's permission check (withApiKey), which lands on its own branch.
test.describe("over HTTP", () => {
  test("the permissions are the ones chosen: Read-only reads calls; Activity only may not", async ({ request }) => {
    const address = randomAddress();
    const readOnly = made.get("Read-only dashboard");
    const activityOnly = made.get("Activity only");
    expect(readOnly && activityOnly, "the first test made the keys").toBeTruthy();

    const allowed = await apiGet(request, "/api/v1/calls", { key: readOnly?.key, address });
    expect(allowed.status()).toBe(200);

    const refused = await apiGet(request, "/api/v1/calls", { key: activityOnly?.key, address });
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("insufficient_permission");
  });
});
