import { expect, type Page, test } from "@playwright/test";
import { signIn } from "./helpers";

function nonceOf(policy: string): string {
  const match = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy);
  if (!match) throw new Error(`no nonce in CSP: ${policy}`);
  return match[1];
}

/** Records CSP violations the browser reports, from the first script on. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__reportViolation", (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      (window as unknown as { __reportViolation(text: string): void }).__reportViolation(
        `${event.violatedDirective} blocked ${event.blockedURI}`,
      );
    });
  });
  return violations;
}

test("pages carry a nonce CSP that forbids framing, and security headers", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const policy = first.headers()["content-security-policy"];
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toContain("unsafe-eval");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  // A fresh nonce per response, and Next put it on the page's scripts.
  const nonce = nonceOf(policy);
  expect(nonceOf(second.headers()["content-security-policy"])).not.toBe(nonce);
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(first.headers()["x-frame-options"]).toBe("DENY");
});

test("API responses are not cacheable and are never sniffed", async ({ request }) => {
  const response = await request.get("/api/v1/me");
  expect(response.status()).toBe(401);
  expect(response.headers()["cache-control"]).toBe("no-store");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response.headers()["content-type"]).toContain("application/json");
});

test("the app runs under its CSP with no violation on login, settings and docs", async ({ page }) => {
  const violations = await watchViolations(page);
  await signIn(page, "admin@globex.test");
  await expect(page.getByRole("heading", { name: "API keys" })).toBeVisible();
  // Client-side interactivity works: a dialog opens and closes.
  await page.getByRole("button", { name: "Create New Key" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);

  // And the policy bites: markup injected into the page, as an XSS would, runs no handler.
  const ran = await page.evaluate(async () => {
    const host = document.createElement("div");
    host.innerHTML = `<img src="data:," onload="window.__injected = true" alt="">`;
    document.body.append(host);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
  expect(violations[0]).toContain("script-src");
});
