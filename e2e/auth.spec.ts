import { expect, test } from "@playwright/test";
import { signIn } from "./helpers";

test("a signed-out visit to /settings/api lands on /login and returns there after sign-in", async ({ page }) => {
  await page.goto("/settings/api");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings%2Fapi/);
  await page.getByLabel("Email").fill("admin@acme.test");
  await page.getByLabel("Password").fill("glyphic-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/api$/);
});

test("the admin signs in and sees the app shell with Settings → API", async ({ page }) => {
  await signIn(page, "admin@acme.test");
  await expect(page.getByTestId("org-name")).toHaveText("Acme");
  const nav = page.getByRole("navigation", { name: "Settings" });
  await expect(nav.getByRole("link", { name: "API", exact: true })).toBeVisible();
  await expect(page.getByText("Avery Admin")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/shell.png", fullPage: true });
});

test("a wrong password shows a clear error and stays on /login", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("member@acme.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("form").getByRole("alert")).toContainText("don't match an account");
  await expect(page).toHaveURL(/\/login/);
  await page.screenshot({ path: "test-results/screenshots/login-error.png" });
});

test("sign-out ends the session", async ({ page }) => {
  await signIn(page, "admin@globex.test");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/settings/api");
  await expect(page).toHaveURL(/\/login/);
});
