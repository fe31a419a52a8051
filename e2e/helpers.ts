import { expect, type Page } from "@playwright/test";
import { loginPath } from "../lib/routes";

export const DEMO_PASSWORD = "glyphic-demo";

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, callbackPath?: string) {
  await page.goto(loginPath(callbackPath));
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}
