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

test("after sign-in only paths of this site are followed: hostile callbacks land on Settings → API", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const hostile = [
    "/\\evil.example",
    "//evil.example",
    "https://evil.example/",
    "/%5Cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
  ];
  for (const callback of hostile) {
    await page.context().clearCookies();
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callback)}`);
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill("glyphic-demo");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page, JSON.stringify(callback)).toHaveURL(`${baseURL}/settings/api`);
  }
});

test("the login page shows only fixed texts for ?error=, never a library's or the database's", async ({ page }) => {
  const leaked = "Invalid `prisma.user.findUnique()` invocation: Can't reach database server at db:5432";
  await page.goto(`/login?error=${encodeURIComponent(leaked)}`);
  await expect(page.locator("form").getByRole("alert")).toHaveText("Sign-in failed. Please try again.");
  await expect(page.getByText("prisma")).toHaveCount(0);
  await page.goto("/login?error=TooManyAttempts");
  await expect(page.locator("form").getByRole("alert")).toContainText("Wait 15 minutes");
});
