import { expect, test } from "@playwright/test";
import { startMailServer, type TestMailServer } from "../tests/mail";
import {
  generateSigningKey,
  type KeyListServer,
  signBody,
  signingKeyFromPem,
  startKeyListServer,
} from "../tests/secret-scanning";
import type { InputsFixtures } from "./fixtures/inputs";
import type { LeakFixtures } from "./fixtures/leaks";
import { activity, expectAccessible, loadFixtures, screenshot } from "./settings-helpers";
import { signedInAs } from "./signed-in";

/**
 * A leaked key end to end, against the production server: GitHub's side (a signing key pair made
 * here, its public key served on the port scripts/test.mjs pointed the server at) posts alerts,
 * a real SMTP server on the next port receives the email, and the admin sees and dismisses the
 * notice. The expiring-keys notice sits below it.
 */
const fixtures = loadFixtures<LeakFixtures>("leaks");
const serverPort = Number(new URL(process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100").port);
// The run's signing key (e2e/fixtures/inputs.ts): e2e/hostile-inputs.spec.ts serves the same one.
const github = signingKeyFromPem(loadFixtures<InputsFixtures>("inputs").githubSigningKey);
const forger = generateSigningKey(github.identifier); // the identifier is public; the private key is not

let keyList: KeyListServer;
let mail: TestMailServer;

test.describe.configure({ mode: "serial" });
test.use(signedInAs(fixtures.adminEmail));

test.beforeAll(async () => {
  keyList = await startKeyListServer([github], serverPort + 1);
  mail = await startMailServer(serverPort + 2);
});

test.afterAll(async () => {
  await keyList?.stop();
  await mail?.stop();
});

const alert = (token: string) =>
  JSON.stringify([
    { token, type: "glyphic_api_key", url: "https://github.com/leaky-labs/deploy/blob/9f2e/.env", source: "commit" },
  ]);

function postAlert(request: import("@playwright/test").APIRequestContext, body: string, signer = github) {
  return request.post("/api/secret-scanning/github", {
    data: body,
    headers: {
      "content-type": "application/json",
      "github-public-key-identifier": signer.identifier,
      "github-public-key-signature": signBody(body, signer),
    },
  });
}

test("a forged alert changes nothing; a signed one revokes the key everywhere and emails the admins", async ({
  request,
}) => {
  const me = () => request.get("/api/v1/me", { headers: { "x-api-key": fixtures.leakKey.key } });
  expect((await me()).status()).toBe(200);

  const forged = await postAlert(request, alert(fixtures.leakKey.key), forger);
  expect(forged.status()).toBe(401);
  expect((await forged.json()).error.code).toBe("invalid_signature");
  expect((await me()).status()).toBe(200);

  const signed = await postAlert(request, alert(fixtures.leakKey.key));
  expect(signed.status()).toBe(200);
  expect(await signed.json()).toEqual([
    { token_raw: fixtures.leakKey.key, token_type: "glyphic_api_key", label: "true_positive" },
  ]);
  expect((await me()).status()).toBe(401);

  const [email] = await mail.waitFor(1);
  expect(email.recipients).toEqual([fixtures.adminEmail, fixtures.ownerEmail].sort());
  expect(email.subject).toBe('API key "Deploy bot" was found in a public commit and has been revoked');
  expect(email.text).toContain("Leaky Labs");
  expect(email.text).toContain(`Deploy bot (${fixtures.leakKey.prefix}…)`);
  expect(email.text).toContain("/settings/api");
  expect(email.text).not.toContain(fixtures.leakKey.key.slice(9, -6));

  // Reported again (GitHub retries): no second revocation, notice or email.
  expect((await postAlert(request, alert(fixtures.leakKey.key))).status()).toBe(200);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(mail.received).toHaveLength(1);
});

test("the admin sees the leak notice and the expiring key, and acts on both", async ({ page }) => {
  for (const [width, label] of [
    [1280, "desktop"],
    [390, "phone"],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/settings/api");
    const leak = page.getByTestId("leak-notice");
    await expect(leak).toHaveCount(1);
    await expect(leak.getByRole("heading", { level: 2 })).toHaveText(
      "“Deploy bot” was found in a public commit and has been revoked",
    );
    await expect(leak).toContainText(`${fixtures.leakKey.prefix}…`);
    await expect(leak.getByRole("link", { name: /See where it was found/ })).toHaveAttribute(
      "href",
      "https://github.com/leaky-labs/deploy/blob/9f2e/.env",
    );
    await expect(leak.getByRole("listitem")).toHaveCount(3);
    const expiring = page.getByTestId("expiring-notice");
    await expect(expiring.getByRole("heading")).toHaveText("1 key expires within 7 days");
    await expect(expiring).toContainText("Nightly export");
    await expect(activity(page).first()).toContainText(
      `Secret scanning revoked “Deploy bot” (${fixtures.leakKey.prefix}…) after it was found in a public commit`,
    );
    await expectAccessible(page, `Settings → API with notices at ${width} px`);
    await screenshot(page, `leaks-notices-${label}`);
  }

  // One click from the expiring notice to the expiry dialog; a new expiry clears the notice.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Change expiry of “Nightly export”" }).click();
  const dialog = page.getByRole("dialog", { name: "Change when “Nightly export” expires" });
  await dialog.getByLabel("New expiry, from today").selectOption("90");
  await dialog.getByRole("button", { name: "Save expiry" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("expiring-notice")).toHaveCount(0);

  await page.getByRole("button", { name: "Dismiss the notice about “Deploy bot”" }).click();
  await expect(page.getByTestId("leak-notice")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("leak-notice")).toHaveCount(0);
  await expect(activity(page).first()).toContainText("Lee Leaks dismissed the leak notice of “Deploy bot”");
});
