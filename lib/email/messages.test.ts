import { afterEach, describe, expect, it, vi } from "vitest";
import { foundWhere } from "../audit/describe";
import { appUrl, safeLink, settingsUrl } from "./messages";

/** The links in notification emails: the app's public URL, never localhost outside development. */
const leak = {
  to: ["admin@example.com"],
  organization: "Acme",
  key: { name: "Warehouse export", prefix: "glyk_AbCd" },
  url: "https://github.com/acme/app/blob/2f1c/.env",
  source: "content",
  revokedAt: new Date("2026-12-01T10:00:00Z"),
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

/** lib/email/messages as a production server on Vercel without NEXTAUTH_URL would load it. */
async function productionMessages(extra: Record<string, string>) {
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("DATABASE_URL", "postgresql://user:pw@db.example.com:5432/glyphic");
  vi.stubEnv("NEXTAUTH_SECRET", "x".repeat(32));
  vi.stubEnv("UPSTASH_REDIS_REST_URL", "https://example.upstash.io");
  vi.stubEnv("UPSTASH_REDIS_REST_TOKEN", "token");
  vi.stubEnv("NEXTAUTH_URL", "");
  vi.stubEnv("GLYPHIC_DEMO", "");
  vi.stubEnv("GLYPHIC_SINGLE_INSTANCE", "");
  for (const [name, value] of Object.entries(extra)) vi.stubEnv(name, value);
  vi.resetModules();
  return import("./messages");
}

describe("links in emails", () => {
  it("on Vercel without NEXTAUTH_URL, point at the production domain, not localhost", async () => {
    const messages = await productionMessages({ VERCEL: "1", VERCEL_PROJECT_PRODUCTION_URL: "keys.glyphic.example" });
    for (const email of [
      messages.keyLeakEmail(leak),
      messages.expiryReminderEmail({ ...leak, expiresAt: new Date("2026-12-08T10:00:00Z"), remaining: "7 days" }),
    ]) {
      expect(email.text).toContain("https://keys.glyphic.example/settings/api");
      expect(email.text).not.toMatch(/localhost|127\.0\.0\.1/);
    }
  });

  it("a production server without a public URL does not start: the email is never built", async () => {
    const messages = await productionMessages({});
    expect(() => messages.keyLeakEmail(leak)).toThrowError(/NEXTAUTH_URL is required in production/);
  });

  it("fall back to localhost only outside production; in production without a URL they name the page, unlinked", () => {
    expect(settingsUrl({ NODE_ENV: "development", NEXTAUTH_URL: undefined })).toBe(
      "http://localhost:3000/settings/api",
    );
    expect(settingsUrl({ NODE_ENV: "production", NEXTAUTH_URL: undefined })).toBeNull();
    expect(settingsUrl({ NODE_ENV: "production", NEXTAUTH_URL: "https://app.example.com/base/" })).toBe(
      "https://app.example.com/settings/api",
    );
    expect(appUrl("/settings/api/keys/k1", { NODE_ENV: "production", NEXTAUTH_URL: "https://app.example.com" })).toBe(
      "https://app.example.com/settings/api/keys/k1",
    );
  });
});

describe("outside text read back from rows stored before it was cleaned on the way in", () => {
  it("links only a well-formed http(s) URL and quotes an unknown source without control characters", () => {
    expect(safeLink("https://github.com/acme/app/blob/2f1c/.env")).toBe("https://github.com/acme/app/blob/2f1c/.env");
    for (const url of [
      "https://github.com/a\r\nBcc: x",
      "https://github.com/a\u202e",
      "https://github.com/a b",
      "javascript:alert(1)",
    ]) {
      expect(safeLink(url)).toBeNull();
    }
    expect(foundWhere("x\r\nSubject: y\u202e")).toBe("in public (xSubject: y)");
  });
});
