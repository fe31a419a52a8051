import { expect, test } from "@playwright/test";
import { expectAccessible, screenshot } from "./settings-helpers";
import { signedInAs } from "./signed-in";

test.describe(() => {
  test.use(signedInAs("member@acme.test"));

  test("a member sees that they can't manage API keys, and who can", async ({ page }) => {
    const response = await page.goto("/settings/api");
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You don't have permission to manage API keys");
    // Everyone who can: the demo's admin and its owner.
    await expect(page.getByText(/ask (Avery Admin or Olive Owner|Olive Owner or Avery Admin)\./)).toBeVisible();
    await expect(page.getByRole("link", { name: "Read the API documentation" })).toHaveAttribute("href", "/docs/api");
    await expect(page.getByRole("button", { name: "Create New Key" })).toHaveCount(0);
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByText("Legacy CRM sync")).toHaveCount(0);
    await expectAccessible(page, "the no-permission page");
    await screenshot(page, "settings-member-denied");
  });
});

test("six wrong passwords for one email are throttled with a clear message", async ({ page }) => {
  const email = `throttle-${Date.now()}@e2e.test`;
  await page.goto("/login");
  const alert = page.locator("form").getByRole("alert");
  for (let attempt = 1; attempt <= 5; attempt++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-password-${attempt}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toContainText("don't match an account");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Password").fill("wrong-password-6");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toHaveText("Too many failed sign-in attempts. Wait 15 minutes, then try again.");
  await expect(page).toHaveURL(/\/login/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("submitting the sign-in form never puts the password in the URL", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("admin@acme.test");
    await page.getByLabel("Password").fill("glyphic-demo");
    const submitted = page.waitForRequest(
      (request) => request.url().includes("/login") && request.isNavigationRequest(),
    );
    await page.getByRole("button", { name: "Sign in" }).click();
    const request = await submitted;
    expect(request.method()).toBe("POST");
    expect(request.url()).not.toContain("glyphic-demo");
    expect(page.url()).not.toContain("glyphic-demo");
  });
});

test("an unknown page answers 404 with a way back", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("There's no page here");
  await page.getByRole("link", { name: "Go to Settings → API" }).click();
  await expect(page).toHaveURL(/\/(login|settings\/api)/);
});
