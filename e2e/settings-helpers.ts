import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import type { SettingsFixtures } from "./fixtures/settings";

export { loadFixtures } from "./fixtures/load";
export type { SettingsFixtures };

export const KEY_PATTERN = /^glyk_[0-9A-Za-z]{38}$/;
const KEY_LENGTH = 43;

/** Every plaintext key (or webhook signing secret) the browser showed, for the secrets scan after the run. */
export function recordSeenKey(key: string): void {
  const file = process.env.E2E_SEEN_KEYS;
  if (file) appendFileSync(file, `${key}\n`);
}

/** The whole page; with a modal open, only the viewport (the overlay covers just that). */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  const dir = path.join("test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

export const MODAL = { fullPage: false };

export function maskedPattern(): RegExp {
  return new RegExp(`^glyk_[0-9A-Za-z]{4}\\*{${KEY_LENGTH - 9}}$`);
}

export function usage(page: Page) {
  return page.getByTestId("key-usage");
}

export function keyRow(page: Page, name: string) {
  return page.getByRole("row").filter({ has: page.getByRole("cell", { name, exact: true }) });
}

/**
 * The "Save your new API key" popup after a create or a roll, and the full key it shows (recorded
 * for the secrets scan); the popup is left open.
 */
export async function shownKey(page: Page) {
  const popup = page.getByRole("dialog", { name: "Save your new API key" });
  const shown = popup.getByTestId("created-api-key");
  await expect(shown).toHaveText(KEY_PATTERN);
  const key = (await shown.textContent()) ?? "";
  recordSeenKey(key);
  return { popup, key };
}

/** Opens Create New Key (unless already open), names the key, creates it; returns the key the popup shows (popup left open). */
export async function createKeyThroughUi(page: Page, name: string, { skipOpen = false } = {}): Promise<string> {
  if (!skipOpen) await page.getByRole("button", { name: "Create New Key" }).click();
  const dialog = page.getByRole("dialog", { name: "Create New Key" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByRole("button", { name: "Create Key" }).click();
  return (await shownKey(page)).key;
}

export async function closeCreatedKeyPopup(page: Page): Promise<void> {
  const popup = page.getByRole("dialog", { name: "Save your new API key" });
  await popup.getByRole("button", { name: "Done" }).click();
  await expect(popup).toBeHidden();
}

/** No serious or critical WCAG 2.1 A/AA violations on what is on screen now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // Axe measures colours as they are mid-transition (a toast fading in reads as low contrast):
  // let every finite animation on the page finish first.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes.map(
        (node) => `${violation.id} at ${node.target.join(" ")}: ${node.failureSummary ?? violation.help}`,
      ),
    );
  expect(serious, `axe violations on ${what}`).toEqual([]);
}

/** Every row whose key has this name (a rolled key and its replacement share one), in table order. */
export function rowsNamed(page: Page, name: string) {
  return page.locator("tbody tr").filter({ has: page.locator("td:first-child > span:first-child", { hasText: name }) });
}

/** The Activity list's entries, newest first. */
export function activity(page: Page) {
  return page.getByTestId("activity-event");
}

/** Opens a row's Rename, Roll or Revoke dialog; returns the dialog. */
export async function openRowDialog(page: Page, name: string, action: "Rename" | "Roll" | "Revoke", title: string) {
  const button = rowsNamed(page, name)
    .first()
    .getByRole("button", { name: `${action} ${name}`, exact: true });
  await button.scrollIntoViewIfNeeded();
  await button.click();
  const dialog = page.getByRole("dialog", { name: title });
  await expect(dialog).toBeVisible();
  return { dialog, button };
}

const SCRIPTS = /\/_next\/static\/.+\.js(\?.*)?$/;

/**
 * Opens `url` with the page's scripts held back, lets `act` use the server's HTML as a person on
 * a slow connection would before the page hydrates, then lets the scripts load and waits until
 * React owns `hydrated` (its element carries React's fiber once hydration reached it).
 */
export async function beforeHydration(page: Page, url: string, hydrated: string, act: () => Promise<void>) {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(SCRIPTS, async (route) => {
    await released;
    await route.continue();
  });
  const isHydrated = () =>
    page.locator(hydrated).evaluate((element) => Object.keys(element).some((name) => name.startsWith("__reactFiber")));
  await page.goto(url, { waitUntil: "domcontentloaded" });
  try {
    // Were the scripts not held (a changed asset path), `act` would run on a live page and the
    // test would pass without proving anything.
    expect(await isHydrated(), "the page hydrated before the test could act").toBe(false);
    await act();
  } finally {
    release(); // the route stays: later scripts pass straight through
  }
  await expect.poll(isHydrated).toBe(true);
}
