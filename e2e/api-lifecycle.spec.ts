import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";
import { signedInAs } from "./signed-in";

const fixtures = apiFixtures();

test.use(signedInAs(fixtures.primaryAdmin.email));

/**
 * The whole life of a key as an admin sees it: unused ("Never"), used over the API (Last Used
 * is recorded after the response), revoked in Settings → API — and refused on the very next
 * request, with nothing to wait for.
 */
test("a key's use shows as Last Used, and revoking it in Settings → API cuts it off at once", async ({
  page,
  request,
}) => {
  const { key, name } = fixtures.keys.lifecycle;
  const address = randomAddress();
  await page.goto("/settings/api");
  const row = page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
  await expect(row).toContainText("Never");

  expect((await apiGet(request, "/api/v1/me", { key, address })).status()).toBe(200);
  // Written after the response was sent, so it may land a moment after the request returns.
  await expect(async () => {
    await page.reload();
    await expect(row).not.toContainText("Never", { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  await row.getByRole("button", { name: "Revoke" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: /^Revoke/ }).click();
  // The modal hides the table from the accessibility tree while it is open, so first wait for
  // it to close (the revoke has returned), then for the row to leave the table.
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);

  const refused = await apiGet(request, "/api/v1/me", { key, address });
  expect(refused.status()).toBe(401);
  expect((await refused.json()).error.code).toBe("invalid_api_key");
});
