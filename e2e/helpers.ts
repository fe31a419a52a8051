import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "glyphic-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, callbackPath?: string) {
  await page.goto(callbackPath ? `/login?callbackUrl=${encodeURIComponent(callbackPath)}` : "/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
