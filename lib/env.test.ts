import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("environment validation", () => {
  it("applies development defaults when nothing is set", () => {
    const env = parseEnv({ NODE_ENV: "development" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.API_RATE_LIMIT_REQUESTS).toBe(100);
    expect(env.API_RATE_LIMIT_WINDOW_SECONDS).toBe(60);
    expect(env.SUPPORT_EMAIL).toBe("support@glyphic.ai");
    expect(env.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("treats empty strings as unset, as .env.example leaves them", () => {
    const env = parseEnv({
      NODE_ENV: "development",
      DATABASE_URL: "",
      UPSTASH_REDIS_REST_URL: "",
      GLYPHIC_DEMO: "",
      GLYPHIC_SINGLE_INSTANCE: "",
    });
    expect(env.GLYPHIC_DEMO).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.UPSTASH_REDIS_REST_URL).toBeUndefined();
  });

  it("stops production start-up without DATABASE_URL and NEXTAUTH_SECRET, naming both", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrowError(
      /DATABASE_URL is required in production[\s\S]*NEXTAUTH_SECRET is required in production/,
    );
  });

  const production = {
    NODE_ENV: "production",
    DATABASE_URL: "postgresql://user:pw@db.example.com:5432/glyphic",
    NEXTAUTH_SECRET: "x".repeat(32),
    UPSTASH_REDIS_REST_URL: "https://example.upstash.io",
    UPSTASH_REDIS_REST_TOKEN: "token",
  };

  it("refuses a plain-http NEXTAUTH_URL in production, except localhost for a demo", () => {
    expect(() => parseEnv({ ...production, NEXTAUTH_URL: "http://app.example.com" })).toThrowError(
      /NEXTAUTH_URL must be an https:\/\/ URL in production/,
    );
    expect(() => parseEnv({ ...production, NEXTAUTH_URL: "http://localhost:3000" })).toThrowError(/GLYPHIC_DEMO=1/);
    expect(parseEnv({ ...production, NEXTAUTH_URL: "https://app.example.com" }).NEXTAUTH_URL).toBe(
      "https://app.example.com",
    );
    for (const url of ["http://localhost:3000", "http://127.0.0.1:3100", "http://[::1]:3000/"]) {
      expect(parseEnv({ ...production, NEXTAUTH_URL: url, GLYPHIC_DEMO: "1" }).NEXTAUTH_URL).toBe(url);
    }
    // "localhost" only as the host: not a prefix of someone else's.
    expect(() =>
      parseEnv({ ...production, NEXTAUTH_URL: "http://localhost.evil.example", GLYPHIC_DEMO: "1" }),
    ).toThrowError(/NEXTAUTH_URL must be an https/);
  });

  it("stops production without Upstash unless one instance is declared", () => {
    const withoutUpstash = { ...production, UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" };
    expect(() => parseEnv(withoutUpstash)).toThrowError(
      /UPSTASH_REDIS_REST_URL is required in production[\s\S]*GLYPHIC_SINGLE_INSTANCE=1/,
    );
    expect(parseEnv({ ...withoutUpstash, GLYPHIC_SINGLE_INSTANCE: "1" }).GLYPHIC_SINGLE_INSTANCE).toBe("1");
    expect(() => parseEnv({ ...withoutUpstash, GLYPHIC_SINGLE_INSTANCE: "yes" })).toThrowError(
      /GLYPHIC_SINGLE_INSTANCE/,
    );
  });

  it("reads TRUSTED_PROXY_HOPS as a whole number ≥ 1, default 1", () => {
    expect(parseEnv({ NODE_ENV: "development" }).TRUSTED_PROXY_HOPS).toBe(1);
    expect(parseEnv({ NODE_ENV: "development", TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ NODE_ENV: "development", TRUSTED_PROXY_HOPS: "0" })).toThrowError(
      /TRUSTED_PROXY_HOPS must be a whole number ≥ 1/,
    );
  });

  it("reads the retention periods in days (defaults 90 and 730) and wants a long CRON_SECRET", () => {
    const defaults = parseEnv({ NODE_ENV: "development" });
    expect(defaults.USAGE_RETENTION_DAYS).toBe(90);
    expect(defaults.AUDIT_RETENTION_DAYS).toBe(730);
    expect(defaults.CRON_SECRET).toBeUndefined();
    expect(parseEnv({ NODE_ENV: "development", USAGE_RETENTION_DAYS: "30" }).USAGE_RETENTION_DAYS).toBe(30);
    expect(() => parseEnv({ NODE_ENV: "development", AUDIT_RETENTION_DAYS: "-1" })).toThrowError(
      /AUDIT_RETENTION_DAYS must be a whole number ≥ 1/,
    );
    expect(() => parseEnv({ NODE_ENV: "development", CRON_SECRET: "short" })).toThrowError(
      /CRON_SECRET must be at least 16 characters/,
    );
    expect(parseEnv({ NODE_ENV: "development", CRON_SECRET: "" }).CRON_SECRET).toBeUndefined();
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      DATABASE_URL: "postgresql://user:pw@db.example.com:5432/glyphic",
      NEXTAUTH_SECRET: "x".repeat(32),
      UPSTASH_REDIS_REST_URL: "https://example.upstash.io",
      UPSTASH_REDIS_REST_TOKEN: "token",
      API_RATE_LIMIT_REQUESTS: "250",
    });
    expect(env.API_RATE_LIMIT_REQUESTS).toBe(250);
  });

  it("explains each wrong value", () => {
    const attempt = () =>
      parseEnv({
        NODE_ENV: "development",
        DATABASE_URL: "mysql://nope",
        API_RATE_LIMIT_REQUESTS: "ten",
        API_RATE_LIMIT_WINDOW_SECONDS: "0",
        SUPPORT_EMAIL: "not-an-email",
      });
    expect(attempt).toThrowError(/DATABASE_URL must be a postgresql:\/\/ connection string/);
    expect(attempt).toThrowError(/API_RATE_LIMIT_REQUESTS must be a whole number ≥ 1 \(got "ten"\)/);
    expect(attempt).toThrowError(/API_RATE_LIMIT_WINDOW_SECONDS must be a whole number ≥ 1/);
    expect(attempt).toThrowError(/SUPPORT_EMAIL must be an email address/);
  });

  it("wants the Upstash URL and token together", () => {
    expect(() =>
      parseEnv({ NODE_ENV: "development", UPSTASH_REDIS_REST_URL: "https://example.upstash.io" }),
    ).toThrowError(/UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together/);
  });
});
