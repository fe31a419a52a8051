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
    NEXTAUTH_URL: "https://app.example.com",
  };

  it("requires the public URL in production (emails link to it), on Vercel from its production domain", () => {
    const { NEXTAUTH_URL: _, ...withoutUrl } = production;
    expect(() => parseEnv(withoutUrl)).toThrowError(/NEXTAUTH_URL is required in production: the app's public/);
    expect(() => parseEnv({ ...withoutUrl, GLYPHIC_DEMO: "1" })).toThrowError(/NEXTAUTH_URL is required/);
    // Vercel: https://<VERCEL_PROJECT_PRODUCTION_URL> unless NEXTAUTH_URL says otherwise.
    const onVercel = { ...withoutUrl, VERCEL: "1", VERCEL_PROJECT_PRODUCTION_URL: "keys.glyphic.example" };
    expect(parseEnv(onVercel).NEXTAUTH_URL).toBe("https://keys.glyphic.example");
    expect(parseEnv({ ...onVercel, NEXTAUTH_URL: "https://app.example.com" }).NEXTAUTH_URL).toBe(
      "https://app.example.com",
    );
    expect(() => parseEnv({ ...onVercel, VERCEL_PROJECT_PRODUCTION_URL: "https://x.example/path" })).toThrowError(
      /VERCEL_PROJECT_PRODUCTION_URL must be a host name/,
    );
    // The variable alone, off Vercel, is not taken for the public URL.
    expect(() => parseEnv({ ...withoutUrl, VERCEL_PROJECT_PRODUCTION_URL: "keys.glyphic.example" })).toThrowError(
      /NEXTAUTH_URL is required/,
    );
    // A loopback address is no public URL, https or not, except for a local demo.
    for (const url of ["https://localhost:3000", "https://127.0.0.1", "https://[::1]:8443"]) {
      expect(() => parseEnv({ ...production, NEXTAUTH_URL: url })).toThrowError(/not a loopback address/);
      expect(parseEnv({ ...production, NEXTAUTH_URL: url, GLYPHIC_DEMO: "1" }).NEXTAUTH_URL).toBe(url);
    }
    // Development and tests need none.
    expect(parseEnv({ NODE_ENV: "development" }).NEXTAUTH_URL).toBeUndefined();
  });

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

  it("reads TRUSTED_PROXY_HOPS as a whole number ≥ 0 (0: no proxy), default 1; never 0 on Vercel", () => {
    expect(parseEnv({ NODE_ENV: "development" }).TRUSTED_PROXY_HOPS).toBe(1);
    expect(parseEnv({ NODE_ENV: "development", TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(parseEnv({ ...production, TRUSTED_PROXY_HOPS: "0" }).TRUSTED_PROXY_HOPS).toBe(0);
    expect(() => parseEnv({ NODE_ENV: "development", TRUSTED_PROXY_HOPS: "-1" })).toThrowError(
      /TRUSTED_PROXY_HOPS must be a whole number ≥ 0/,
    );
    expect(() => parseEnv({ ...production, VERCEL: "1", TRUSTED_PROXY_HOPS: "0" })).toThrowError(
      /TRUSTED_PROXY_HOPS must not be 0 on Vercel/,
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

  it("takes WEBHOOK_ENCRYPTION_KEY as 32 bytes in base64 or hex, optional, and says how to make one", () => {
    const base64 = Buffer.alloc(32, 7).toString("base64");
    const hex = "0123456789abcdef".repeat(4);
    expect(parseEnv({ ...production, WEBHOOK_ENCRYPTION_KEY: base64 }).WEBHOOK_ENCRYPTION_KEY).toBe(base64);
    expect(parseEnv({ ...production, WEBHOOK_ENCRYPTION_KEY: hex.toUpperCase() }).WEBHOOK_ENCRYPTION_KEY).toBe(
      hex.toUpperCase(),
    );
    // Unset starts: production refuses only to add an endpoint or send without it (lib/webhooks/config.ts).
    expect(parseEnv(production).WEBHOOK_ENCRYPTION_KEY).toBeUndefined();
    expect(parseEnv({ ...production, WEBHOOK_ENCRYPTION_KEY: "" }).WEBHOOK_ENCRYPTION_KEY).toBeUndefined();
    for (const wrong of [Buffer.alloc(16, 7).toString("base64"), hex.slice(2), "not a key at all!", `${base64}AAAA`]) {
      const attempt = () => parseEnv({ ...production, WEBHOOK_ENCRYPTION_KEY: wrong });
      expect(attempt).toThrowError(
        /WEBHOOK_ENCRYPTION_KEY must be 32 random bytes as base64 or 64 hex digits: generate one with `openssl rand -base64 32`/,
      );
      // The message never repeats the value: it is a secret.
      expect(attempt).not.toThrowError(wrong);
    }
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv({ ...production, API_RATE_LIMIT_REQUESTS: "250" });
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

  it("refuses GLYPHIC_DEMO=1 and GLYPHIC_SINGLE_INSTANCE=1 in production on Vercel, saying why", () => {
    const onVercel = { ...production, VERCEL: "1" };
    expect(() => parseEnv({ ...onVercel, GLYPHIC_DEMO: "1" })).toThrowError(
      /GLYPHIC_DEMO must not be 1 on Vercel \(production\): every function instance would get its own empty embedded database/,
    );
    expect(() =>
      parseEnv({ ...onVercel, UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "", GLYPHIC_SINGLE_INSTANCE: "1" }),
    ).toThrowError(/GLYPHIC_SINGLE_INSTANCE must not be 1 on Vercel[\s\S]*UPSTASH_REDIS_REST_URL/);
    expect(parseEnv(onVercel).VERCEL).toBe("1");
    // Elsewhere, and in development on Vercel (`vercel dev`), both stay allowed.
    expect(parseEnv({ ...production, GLYPHIC_DEMO: "1" }).GLYPHIC_DEMO).toBe("1");
    expect(parseEnv({ NODE_ENV: "development", VERCEL: "1", GLYPHIC_DEMO: "1" }).GLYPHIC_DEMO).toBe("1");
  });

  it("keeps few connections per instance on Vercel and ten elsewhere, unless DATABASE_POOL_MAX says", () => {
    expect(parseEnv(production).DATABASE_POOL_MAX).toBe(10);
    expect(parseEnv({ ...production, VERCEL: "1" }).DATABASE_POOL_MAX).toBe(2);
    expect(parseEnv({ ...production, VERCEL: "1", DATABASE_POOL_MAX: "5" }).DATABASE_POOL_MAX).toBe(5);
    expect(() => parseEnv({ ...production, DATABASE_POOL_MAX: "0" })).toThrowError(
      /DATABASE_POOL_MAX must be a whole number ≥ 1/,
    );
    const env = parseEnv(production);
    expect([env.DATABASE_STATEMENT_TIMEOUT_MS, env.DATABASE_JOB_STATEMENT_TIMEOUT_MS]).toEqual([10_000, 120_000]);
    expect(parseEnv({ ...production, DATABASE_STATEMENT_TIMEOUT_MS: "0" }).DATABASE_STATEMENT_TIMEOUT_MS).toBe(0);
    expect(() => parseEnv({ ...production, DATABASE_STATEMENT_TIMEOUT_MS: "-1" })).toThrowError(
      /DATABASE_STATEMENT_TIMEOUT_MS must be a whole number ≥ 0/,
    );
  });

  it("refuses a schema other than public through a transaction pooler, naming the fix", () => {
    const pooled = "postgresql://app@pooler.example.com:6432/glyphic?pgbouncer=true";
    expect(() => parseEnv({ ...production, DATABASE_URL: `${pooled}&schema=tenant` })).toThrowError(
      /DATABASE_URL asks for schema "tenant" through a transaction pooler[\s\S]*ALTER ROLE <user> SET search_path = "tenant"/,
    );
    expect(parseEnv({ ...production, DATABASE_URL: `${pooled}&schema=public` }).DATABASE_URL).toContain("pgbouncer");
    expect(parseEnv({ ...production, DATABASE_URL: pooled }).DATABASE_URL).toBe(pooled);
    // A direct connection may name any schema (the test suite does).
    expect(parseEnv({ ...production, DATABASE_URL: `${production.DATABASE_URL}?schema=tenant` })).toBeTruthy();
  });

  it("takes DIRECT_URL only beside DATABASE_URL, unpooled and in the same schema", () => {
    const pooled = "postgresql://app@pooler.example.com:6432/glyphic?pgbouncer=true";
    const direct = "postgresql://app@db.example.com:5432/glyphic";
    expect(parseEnv({ ...production, DATABASE_URL: pooled, DIRECT_URL: direct }).DIRECT_URL).toBe(direct);
    expect(() => parseEnv({ NODE_ENV: "development", DIRECT_URL: direct })).toThrowError(
      /DIRECT_URL is set without DATABASE_URL/,
    );
    expect(() => parseEnv({ ...production, DIRECT_URL: pooled })).toThrowError(
      /DIRECT_URL is marked \?pgbouncer=true: DIRECT_URL must bypass the pooler/,
    );
    expect(() => parseEnv({ ...production, DIRECT_URL: `${direct}?schema=other` })).toThrowError(
      /DIRECT_URL must name the same schema as DATABASE_URL \(got "other" and "public"\)/,
    );
    expect(() => parseEnv({ ...production, DIRECT_URL: "mysql://x" })).toThrowError(
      /DIRECT_URL must be a postgresql:\/\/ connection string/,
    );
  });
});
