import { defineConfig } from "@playwright/test";
import { CHROMIUM_LAUNCH_OPTIONS } from "./tests/chromium";

/**
 * Runs against a server that scripts/test.mjs starts (production build, prepared database).
 * Debian's chromium (tests/chromium.ts).
 */
export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/playwright",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
  },
  projects: [
    // Signs each user in once and saves the session (e2e/signed-in.ts); specs start from it.
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: { browserName: "chromium" } },
    { name: "chromium", use: { browserName: "chromium" }, dependencies: ["setup"] },
  ],
});
