import { expect, type Page, test } from "@playwright/test";
import { randomAddress } from "./api-helpers";
import type { PoliciesFixtures } from "./fixtures/policies";
import {
  activity,
  closeCreatedKeyPopup,
  expectAccessible,
  keyRow,
  loadFixtures,
  MODAL,
  recordSeenKey,
  screenshot,
  shownKey,
} from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * Key policies (Settings → API, Policies) in org e2e-policies: the owner sets every policy; the
 * admin sees them read-only; Create New Key and Change expiry offer only the expiries they allow
 * and start from the default permissions; a Full access key without allowed addresses is refused
 * with the server's sentence; and over HTTP the management API is refused with 422
 * policy_violation. Serial: every test after the first runs under the policies it saved.
 */
const fixtures = loadFixtures<PoliciesFixtures>("policies");

const ADDRESS_POLICY =
  'Your organization\'s policy "Require allowed addresses for keys that can change keys" requires Allowed addresses on keys with keys:write.';
const LIFETIME_POLICY = `Your organization's policy "Maximum key lifetime" requires keys to expire within 90 days.`;

const policies = (page: Page) => page.getByRole("region", { name: "Policies" });

async function closeToasts(page: Page) {
  await page.mouse.move(0, 0); // a toast under the pointer stays
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 20_000 });
}

test.describe.configure({ mode: "serial" });

test.describe("as the owner", () => {
  test.use(signedInAs(fixtures.owner.email));

  test("sets each policy and saves; Activity says what changed; the form shows what was saved", async ({ page }) => {
    await page.goto("/settings/api");
    const section = policies(page);
    await expect(section.getByRole("heading", { name: "Policies" })).toBeVisible();
    const lifetime = section.getByLabel("Maximum key lifetime");
    await expect(lifetime).toHaveValue("none");
    expect(await lifetime.locator("option").allTextContents()).toEqual([
      "No maximum",
      "7 days",
      "30 days",
      "90 days",
      "365 days",
    ]);
    const unused = section.getByLabel("Expire keys unused for");
    expect(await unused.locator("option").allTextContents()).toEqual(["Never", "30 days", "90 days", "180 days"]);
    const defaults = section.getByLabel("Default permissions for new keys");
    expect(await defaults.locator("option").allTextContents()).toEqual(["Read calls", "Read-only", "Full access"]);
    await expect(defaults).toHaveValue("read_calls");

    await lifetime.selectOption({ label: "90 days" });
    await section.getByLabel("Require allowed addresses for keys that can change keys").check();
    await unused.selectOption({ label: "180 days" });
    await defaults.selectOption({ label: "Read-only" });
    await section.getByLabel(/Enforce on existing keys from/).fill("2030-01-01");
    await section.getByRole("button", { name: "Save policies" }).click();
    await expect(page.getByText("Key policies saved.")).toBeVisible();

    await expect(activity(page).first()).toContainText(
      `${fixtures.owner.name} changed the key policies: Maximum key lifetime: 90 days; ` +
        "Require allowed addresses for keys that can change keys: on; Expire keys unused for: 180 days; " +
        "Default permissions for new keys: Read-only; Enforcement date: 2030-01-01",
    );

    await page.reload();
    await expect(policies(page).getByLabel("Maximum key lifetime")).toHaveValue("90");
    await expect(policies(page).getByLabel("Require allowed addresses for keys that can change keys")).toBeChecked();
    await expect(policies(page).getByLabel("Expire keys unused for")).toHaveValue("180");
    await expect(policies(page).getByLabel("Default permissions for new keys")).toHaveValue("read_only");
    await expect(policies(page).getByLabel(/Enforce on existing keys from/)).toHaveValue("2030-01-01");

    await closeToasts(page);
    for (const [label, width, height] of [
      ["desktop", 1280, 900],
      ["phone", 390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await policies(page).scrollIntoViewIfNeeded();
      await expectAccessible(page, `Settings → API, Policies (owner) at ${width} px`);
      await screenshot(page, `policies-owner-${label}`);
      await policies(page).screenshot({ path: `test-results/screenshots/policies-owner-section-${label}.png` });
    }
  });
});

test.describe("as an admin", () => {
  test.use(signedInAs(fixtures.admin.email));

  test("sees the policies read-only, with who sets them, and no Save policies", async ({ page }) => {
    await page.goto("/settings/api");
    const summary = policies(page).getByTestId("key-policies-summary");
    await expect(summary).toContainText("Maximum key lifetime90 days");
    await expect(summary).toContainText("Require allowed addresses for keys that can change keysYes");
    await expect(summary).toContainText("Expire keys unused for180 days");
    await expect(summary).toContainText("Default permissions for new keysRead-only");
    await expect(summary).toContainText("2030-01-01");
    await expect(summary).toContainText("Owners of your organization set these policies.");
    await expect(page.getByRole("button", { name: "Save policies" })).toHaveCount(0);
    await expect(policies(page).getByRole("combobox")).toHaveCount(0);
    await expect(policies(page).getByRole("checkbox")).toHaveCount(0);

    for (const [label, width, height] of [
      ["desktop", 1280, 900],
      ["phone", 390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await expectAccessible(page, `Settings → API, Policies (admin) at ${width} px`);
      await policies(page).screenshot({ path: `test-results/screenshots/policies-admin-section-${label}.png` });
    }
  });

  test("Create New Key offers only expiries within 90 days, the longest first chosen, and Read-only; Full access without addresses is refused", async ({
    page,
  }) => {
    await page.goto("/settings/api");
    await page.getByRole("button", { name: "Create New Key" }).click();
    const dialog = page.getByRole("dialog", { name: "Create New Key" });
    const expires = dialog.getByLabel("Expires");
    expect(await expires.locator("option").allTextContents()).toEqual(["7 days", "30 days", "90 days"]);
    await expect(expires).toHaveValue("90");
    await expect(dialog).toContainText("Your organization's policy: keys expire within 90 days.");
    await expect(dialog.getByRole("radio", { name: "Read-only" })).toBeChecked();
    await screenshot(page, "policies-create-dialog", MODAL);

    await dialog.getByLabel("Name").fill("Deployer");
    await dialog.getByRole("radio", { name: "Full access" }).check();
    await dialog.getByRole("button", { name: "Create Key" }).click();
    await expect(dialog.getByRole("alert")).toHaveText(ADDRESS_POLICY);
    await expect(keyRow(page, "Deployer")).toHaveCount(0);

    // Within the policies, the same dialog creates the key: Read-only, expiring in 90 days.
    await dialog.getByRole("radio", { name: "Read-only" }).check();
    await dialog.getByRole("button", { name: "Create Key" }).click();
    await shownKey(page); // records the key for the secrets scan
    await closeCreatedKeyPopup(page);
    await expect(keyRow(page, "Deployer").getByTestId("key-permissions")).toHaveText("Read-only");
    await expect(activity(page).first()).toContainText("created “Deployer”");
    await expect(activity(page).first()).toContainText("expiring after 90 days, with Read-only");

    // The key page's Change expiry likewise offers only what the maximum allows.
    await page.goto(`/settings/api/keys/${fixtures.reader.id}`);
    await page.getByRole("button", { name: "Change expiry" }).click();
    const change = page.getByRole("dialog", { name: `Change when “${fixtures.reader.name}” expires` });
    expect(await change.getByLabel("New expiry, from today").locator("option").allTextContents()).toEqual([
      "Choose…",
      "In 7 days",
      "In 30 days",
      "In 90 days",
    ]);
  });
});

test("over HTTP, the management API is refused with 422 policy_violation", async ({ request }) => {
  const headers = { "x-api-key": fixtures.manager.key, "x-forwarded-for": randomAddress() };

  // No expiry under a 90-day maximum.
  const created = await request.post("/api/v1/keys", { headers, data: { name: "Forever key" } });
  expect(created.status()).toBe(422);
  expect((await created.json()).error).toMatchObject({ code: "policy_violation", message: LIFETIME_POLICY });

  // keys:write on a key without allowed addresses.
  const changed = await request.patch(`/api/v1/keys/${fixtures.reader.id}`, {
    headers,
    data: { permissions: ["calls:read", "keys:write"] },
  });
  expect(changed.status()).toBe(422);
  expect((await changed.json()).error).toMatchObject({ code: "policy_violation", message: ADDRESS_POLICY });

  // Within the policies, the same key creates a key (the refusals were the policies, not the key).
  const allowed = await request.post("/api/v1/keys", { headers, data: { name: "Weekly key", expiresInDays: 7 } });
  expect(allowed.status()).toBe(201);
  recordSeenKey((await allowed.json()).data.key);
});
