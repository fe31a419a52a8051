import { afterEach, describe, expect, it, vi } from "vitest";

/**
 * Production needs WEBHOOK_ENCRYPTION_KEY to store or use a signing secret, and sends only to
 * public https receivers; development and demos use a known key and accept local receivers.
 * Each case reads a fresh environment (lib/env caches what it parsed).
 */
const PRODUCTION = {
  NODE_ENV: "production",
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/test",
  NEXTAUTH_SECRET: "a-production-secret-of-at-least-32-characters",
  NEXTAUTH_URL: "https://app.example.com",
  GLYPHIC_SINGLE_INSTANCE: "1",
  GLYPHIC_DEMO: "",
  WEBHOOK_ENCRYPTION_KEY: "",
};

async function freshConfig(vars: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  const config = await import("./config");
  const endpoints = await import("../webhook-endpoints/endpoints");
  const box = await import("./secret-box");
  return { ...config, ...endpoints, ...box };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe("webhooks and the environment", () => {
  it("production without WEBHOOK_ENCRYPTION_KEY: no key, no local receivers, and adding an endpoint says why", async () => {
    const config = await freshConfig(PRODUCTION);
    expect(config.allowsLocalReceivers()).toBe(false);
    expect(() => config.encryptionKey()).toThrow(/WEBHOOK_ENCRYPTION_KEY is not set/);
    await expect(
      config.addWebhookEndpoint(
        { organizationId: "org", userId: "user" },
        { url: "https://93.184.216.34/hook", events: [] },
      ),
    ).rejects.toThrow("Webhooks are not set up on this server: WEBHOOK_ENCRYPTION_KEY is missing.");
  });

  it("production with a key uses it (not the development key)", async () => {
    const key = Buffer.alloc(32, 9);
    const config = await freshConfig({ ...PRODUCTION, WEBHOOK_ENCRYPTION_KEY: key.toString("base64") });
    expect(config.encryptionKey().equals(key)).toBe(true);
    expect(config.encryptionKey().equals(config.DEVELOPMENT_KEY)).toBe(false);
    const hex = await freshConfig({ ...PRODUCTION, WEBHOOK_ENCRYPTION_KEY: key.toString("hex") });
    expect(hex.encryptionKey().equals(key)).toBe(true);
  });

  it("a demo (GLYPHIC_DEMO=1) and development accept local receivers with the development key", async () => {
    const demo = await freshConfig({ ...PRODUCTION, GLYPHIC_DEMO: "1" });
    expect(demo.allowsLocalReceivers()).toBe(true);
    expect(demo.encryptionKey().equals(demo.DEVELOPMENT_KEY)).toBe(true);
    const development = await freshConfig({ NODE_ENV: "development", WEBHOOK_ENCRYPTION_KEY: "" });
    expect(development.allowsLocalReceivers()).toBe(true);
  });

  it("refuses a malformed key at start-up, naming the variable", async () => {
    const { parseEnv } = await import("../env");
    expect(() => parseEnv({ WEBHOOK_ENCRYPTION_KEY: "too-short" })).toThrow(
      /WEBHOOK_ENCRYPTION_KEY must be 32 random bytes as base64 or 64 hex digits/,
    );
    expect(() => parseEnv({ WEBHOOK_ENCRYPTION_KEY: Buffer.alloc(16).toString("base64") })).toThrow(
      /WEBHOOK_ENCRYPTION_KEY/,
    );
  });
});
