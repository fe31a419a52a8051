import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, expect, type Locator, type Page, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { startWebhookReceiver, type WebhookReceiver } from "../tests/webhook-receiver";
import {
  expectAccessible,
  loadFixtures,
  MODAL,
  recordSeenKey,
  type SettingsFixtures,
  screenshot,
} from "./settings-helpers";
import { signedInAs, storageStateOf } from "./signed-in";

/**
 * Settings → API → Webhooks in a real browser (org e2e-webhooks, no endpoints at first) against a
 * real receiver in this process (the e2e server runs with GLYPHIC_DEMO=1, so http://127.0.0.1 is
 * accepted): Add endpoint and its secret shown once, the endpoint's page, Send test event verified
 * with the standardwebhooks package, a failing receiver and Retry, Roll secret, Disable / Enable,
 * Delete. Serial: each test continues with the endpoint the first one added.
 */
const { orgs } = loadFixtures<SettingsFixtures>("settings");
const [admin, member] = orgs.webhooks.members;
const SECRET = /^whsec_[A-Za-z0-9+/]{32}$/;

let receiver: WebhookReceiver;
/** The endpoint's page and the secrets the dialogs showed, newest last. */
let endpointPage = "";
const secrets: string[] = [];

test.describe.configure({ mode: "serial" });
test.use({ ...signedInAs(admin.email), timezoneId: "UTC" });

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver?.stop();
});

async function shownSecret(page: Page): Promise<{ dialog: Locator; secret: string }> {
  const dialog = page.getByRole("dialog", { name: "Save the signing secret" });
  const shown = dialog.getByTestId("webhook-secret");
  await expect(shown).toHaveText(SECRET);
  const secret = (await shown.textContent()) ?? "";
  recordSeenKey(secret);
  secrets.push(secret);
  return { dialog, secret };
}

async function expectSecretsGone(page: Page) {
  await page.reload();
  const html = await page.content();
  for (const secret of secrets) expect(html).not.toContain(secret.slice("whsec_".length + 4));
}

const section = (page: Page) => page.getByRole("region", { name: "Webhooks" });
const deliveries = (page: Page) => page.getByTestId("recent-deliveries").locator("tbody tr");

async function sectionShot(locator: Locator, name: string) {
  const dir = path.join("test-results", "screenshots");
  mkdirSync(dir, { recursive: true });
  await locator.screenshot({ path: path.join(dir, `${name}.png`) });
}

/** What the receiver got, verified with the secret as a receiver would. */
function verified(index: number, secret: string) {
  const request = receiver.received[index];
  return new Webhook(secret).verify(request.body, request.headers as Record<string, string>) as {
    type: string;
    data: Record<string, unknown>;
  };
}

test("Add endpoint shows the secret once; Send test event arrives signed, as Delivered with 204", async ({ page }) => {
  await page.goto("/settings/api");
  await expect(section(page)).toContainText("No endpoints yet.");
  await section(page).getByRole("button", { name: "Add endpoint" }).click();
  const dialog = page.getByRole("dialog", { name: "Add endpoint" });
  await expect(dialog.getByRole("radio", { name: "All events" })).toBeChecked();

  // The server's sentence, beside the field.
  await dialog.getByLabel("URL", { exact: true }).fill("hooks.example.com/glyphic");
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByText("Enter a full URL, such as https://hooks.example.com/glyphic.")).toBeVisible();
  await expect(dialog.getByLabel("URL", { exact: true })).toBeFocused();

  await dialog.getByLabel("URL", { exact: true }).fill(receiver.url);
  await dialog.getByRole("radio", { name: "Only the events I choose" }).check();
  await dialog.getByRole("button", { name: "Add endpoint" }).click();
  await expect(dialog.getByText("Choose at least one event, or All events.")).toBeVisible();
  await dialog.getByRole("checkbox", { name: "Key revoked" }).check();
  await dialog.getByRole("checkbox", { name: "Key leaked" }).check();
  await expectAccessible(page, "the Add endpoint dialog");
  await screenshot(page, "webhooks-add-endpoint", MODAL);
  await dialog.getByRole("button", { name: "Add endpoint" }).click();

  const { dialog: secretDialog, secret } = await shownSecret(page);
  await expect(secretDialog).toContainText("shown only this once");
  await expect(secretDialog).toContainText(receiver.url);
  await expectAccessible(page, "the signing secret dialog");
  await screenshot(page, "webhooks-secret", MODAL);
  await secretDialog.getByRole("button", { name: "Done" }).click();
  await expect(secretDialog).toBeHidden();
  await expectSecretsGone(page);

  const row = section(page).getByRole("row").filter({ hasText: receiver.url });
  await expect(row).toContainText("Key revoked, Key leaked");
  await expect(row.getByTestId("endpoint-state")).toHaveText("Enabled");
  await expect(row).toContainText("Never");
  await sectionShot(section(page), "webhooks-section");

  await row.getByRole("link", { name: receiver.url }).click();
  await expect(page).toHaveURL(/\/settings\/api\/webhooks\/whe_[0-9a-f]{32}$/);
  endpointPage = new URL(page.url()).pathname;
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(receiver.url);
  await expect(page.getByTestId("endpoint-facts")).toContainText(`${secret.slice(0, 10)}…`);
  await expect(page.getByText("No deliveries yet.")).toBeVisible();
  await expect(page.getByRole("link", { name: "How to verify and handle webhooks" })).toHaveAttribute(
    "href",
    "/docs/api#webhooks",
  );

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event delivered: your endpoint answered 204.")).toBeVisible();
  await expect(deliveries(page)).toHaveCount(1);
  await expect(deliveries(page).first().getByRole("cell")).toContainText([
    "webhook.test",
    /\d/,
    "1 of 9",
    "204",
    / ms$/,
    "Delivered",
  ]);
  await receiver.waitFor(1);
  expect(verified(0, secret)).toMatchObject({ type: "webhook.test" });
  expect(receiver.received[0].headers["webhook-id"]).toMatch(/^msg_/);
  expect(() => verified(0, `whsec_${Buffer.alloc(24, 7).toString("base64")}`)).toThrow();
  await expectAccessible(page, "the endpoint's page");
});

test("a failing receiver: Retrying with Retry, and Retry after the fix delivers it", async ({ page }) => {
  receiver.fallback = { status: 500 };
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event not delivered: your endpoint answered 500.")).toBeVisible();
  const failed = deliveries(page).first();
  await expect(failed).toHaveAttribute("data-state", "retrying");
  await expect(failed).toContainText("500");
  await expect(failed).toContainText(/Retrying\sat/);
  await expect(page.getByTestId("endpoint-state")).toContainText("Failing since");
  await expect(page.getByText(/Every attempt has failed since/)).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(page.locator("[data-sonner-toast]")).toHaveCount(0, { timeout: 20_000 });
  await screenshot(page, "webhooks-endpoint-page");

  receiver.fallback = { status: 204 };
  await failed.getByRole("button", { name: /^Retry/ }).click();
  await expect(page.getByText("Event delivered: your endpoint answered 204.")).toBeVisible();
  await expect(failed).toHaveAttribute("data-state", "delivered");
  await expect(failed).toContainText("2 of 9");
  await expect(failed.getByRole("button", { name: /^Retry/ })).toHaveCount(0);
  await expect(page.getByTestId("endpoint-state")).toHaveText("Enabled");
  // The same event twice (the failed attempt and the retry): one webhook-id to deduplicate on.
  await receiver.waitFor(3);
  expect(receiver.received[2].headers["webhook-id"]).toBe(receiver.received[1].headers["webhook-id"]);
});

test("Roll secret shows a new secret once; the previous one also signs for 24 hours", async ({ page }) => {
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Roll secret" }).click();
  const confirm = page.getByRole("dialog", { name: "Roll the signing secret?" });
  await expect(confirm).toContainText("keeps signing for 24 hours");
  await confirm.getByRole("button", { name: "Roll secret" }).click();
  const previous = secrets[0];
  const { dialog, secret } = await shownSecret(page);
  expect(secret).not.toBe(previous);
  await expect(dialog).toContainText("The previous secret also signs until");
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("previous-secret")).toContainText("The previous secret also signs until");
  await expectSecretsGone(page);

  const before = receiver.received.length;
  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByText("Test event delivered: your endpoint answered 204.")).toBeVisible();
  await receiver.waitFor(before + 1);
  expect(verified(before, secret).type).toBe("webhook.test");
  expect(verified(before, previous).type).toBe("webhook.test");
});

test("Disable and Enable; Activity says who did what to which endpoint", async ({ page }) => {
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("endpoint-state")).toHaveText("Disabled");
  await expect(page.getByText("Disabled by an admin.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Send test event" })).toBeDisabled();
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByTestId("endpoint-state")).toHaveText("Enabled");
  await expect(page.getByRole("button", { name: "Send test event" })).toBeEnabled();

  await page.goto("/settings/api");
  const events = page.getByTestId("activity-event");
  await expect(events.nth(0)).toContainText(`${admin.name} enabled webhook endpoint ${receiver.url}`);
  await expect(events.nth(1)).toContainText(`${admin.name} disabled webhook endpoint ${receiver.url}`);
  await expect(events.nth(2)).toContainText(
    `${admin.name} rolled the signing secret of webhook endpoint ${receiver.url}`,
  );
  await expect(events.nth(3)).toContainText(
    `${admin.name} added webhook endpoint ${receiver.url}, sending Key revoked and Key leaked`,
  );
});

async function statusAs(browser: Browser, email: string, url: string) {
  const context = await browser.newContext({ storageState: storageStateOf(email) });
  try {
    return (await (await context.newPage()).goto(url))?.status();
  } finally {
    await context.close();
  }
}

test("a member gets 403 on the endpoint's page; another organization's admin 404", async ({ browser }) => {
  expect(await statusAs(browser, member.email, endpointPage)).toBe(403);
  expect(await statusAs(browser, "admin@acme.test", endpointPage)).toBe(404);
});

test("Delete removes the endpoint: back to Settings → API, and its page is gone", async ({ page }) => {
  await page.goto(endpointPage);
  await page.getByRole("button", { name: "Delete" }).click();
  const confirm = page.getByRole("dialog", { name: "Delete this endpoint?" });
  await expect(confirm).toContainText(receiver.url);
  await confirm.getByRole("button", { name: "Delete endpoint" }).click();
  await expect(page).toHaveURL("/settings/api");
  await expect(page.getByText("Endpoint deleted.")).toBeVisible();
  await expect(section(page)).toContainText("No endpoints yet.");
  expect((await page.goto(endpointPage))?.status()).toBe(404);
});
