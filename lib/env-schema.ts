import { z } from "zod";

/**
 * Each environment variable the app reads, on its own: its type, default and message. The rules
 * between variables are in lib/env-rules.ts; lib/env.ts puts the two together and is the only
 * reader of process.env.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

/** A whole number ≥ `min` given as text, or `fallback` when unset or empty. */
const wholeNumber = (min: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < min) {
        ctx.addIssue({ code: "custom", message: `must be a whole number ≥ ${min} (got "${value}")` });
        return z.NEVER;
      }
      return parsed;
    });

const positiveInt = (fallback: number) => wholeNumber(1, fallback);
const nonNegativeInt = (fallback: number) => wholeNumber(0, fallback);

const postgresUrl = optionalString.pipe(
  z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// connection string")
    .optional(),
);

/** Reads WEBHOOK_ENCRYPTION_KEY: 32 bytes as base64 (`openssl rand -base64 32`) or 64 hex digits. */
export function parseEncryptionKey(text: string): Buffer | null {
  const value = text.trim();
  if (/^[0-9a-f]{64}$/i.test(value)) return Buffer.from(value, "hex");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return null;
  const bytes = Buffer.from(value, "base64");
  return bytes.length === 32 ? bytes : null;
}

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const baseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl,
  /**
   * A direct (unpooled) connection string to the same database, for migrations and jobs, when
   * DATABASE_URL goes through a pooler (Prisma's convention).
   */
  DIRECT_URL: postgresUrl,
  /** Connections per instance. Default: 2 on Vercel (see poolMax), 10 elsewhere. */
  DATABASE_POOL_MAX: positiveInt(0),
  /** Longest statement of a request, in ms (0: none). */
  DATABASE_STATEMENT_TIMEOUT_MS: nonNegativeInt(10_000),
  /** Longest statement of a job or a migration, in ms (0: none). */
  DATABASE_JOB_STATEMENT_TIMEOUT_MS: nonNegativeInt(120_000),
  /** Set by Vercel on its builds and functions ("1"). */
  VERCEL: optionalString,
  /** Set by Vercel: the project's production domain, without https:// (NEXTAUTH_URL's fallback there). */
  VERCEL_PROJECT_PRODUCTION_URL: optionalString,
  /** Folder of the embedded database when DATABASE_URL is unset ("memory://" for tests). */
  EMBEDDED_DATABASE_DIR: optionalString,
  /** "1": a production build may run on the embedded database with demo data (demos, e2e). */
  GLYPHIC_DEMO: optionalString.pipe(z.enum(["0", "1"]).optional()),
  NEXTAUTH_SECRET: optionalString,
  NEXTAUTH_URL: optionalString.pipe(z.url("must be a full URL, e.g. https://app.example.com").optional()),
  UPSTASH_REDIS_REST_URL: optionalString.pipe(z.url("must be a full URL, e.g. https://…upstash.io").optional()),
  UPSTASH_REDIS_REST_TOKEN: optionalString,
  API_RATE_LIMIT_REQUESTS: positiveInt(100),
  API_RATE_LIMIT_WINDOW_SECONDS: positiveInt(60),
  SUPPORT_EMAIL: optionalString.pipe(z.email("must be an email address").optional()),
  /**
   * Proxies in front of the app that append to X-Forwarded-For (lib/http/client-address.ts);
   * 0: none, the address is the connection's and no forwarded header is trusted.
   */
  TRUSTED_PROXY_HOPS: nonNegativeInt(1),
  /** "1": production without Upstash is deliberate (exactly one instance serves the app). */
  GLYPHIC_SINGLE_INSTANCE: optionalString.pipe(z.enum(["0", "1"]).optional()),
  /**
   * Bearer secret of GET /api/cron/<job> (Vercel Cron sends it). Unset: the route refuses every
   * call, so scheduled jobs then run only from `npm run job`.
   */
  CRON_SECRET: optionalString.pipe(
    z.string().min(16, "must be at least 16 characters: generate one with `openssl rand -hex 32`").optional(),
  ),
  /** Days of ApiKeyUsage (requests per key per hour) the retention job keeps. */
  USAGE_RETENTION_DAYS: positiveInt(90),
  /** Days of AuditEvent (the Activity list) the retention job keeps. */
  AUDIT_RETENTION_DAYS: positiveInt(730),
  /** Least severe log level written (lib/log.ts). Default: info; "silent" writes nothing. */
  LOG_LEVEL: optionalString.pipe(z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(", ")}`).optional()),
  /** Public keys that sign GitHub's secret-scanning alerts (lib/secret-scanning). */
  SECRET_SCANNING_KEYS_URL: optionalString.pipe(
    z.url("must be a full URL").default("https://api.github.com/meta/public_keys/secret_scanning"),
  ),
  /** smtp:// or smtps:// URL of the mail server for notifications. Unset: emails go to the log. */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL, e.g. smtps://user:password@smtp.example.com:465")
      .optional(),
  ),
  /**
   * Encrypts webhook signing secrets at rest (lib/webhooks/secret-box.ts): 32 random bytes as
   * base64 (`openssl rand -base64 32`) or hex. Production needs it once an endpoint exists.
   */
  WEBHOOK_ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .refine(
        (value) => parseEncryptionKey(value) !== null,
        "must be 32 random bytes as base64 or 64 hex digits: generate one with `openssl rand -base64 32`",
      )
      .optional(),
  ),
  /** Sender of notification emails. */
  EMAIL_FROM: optionalString.pipe(z.string().min(3).default("Glyphic <notifications@glyphic.ai>")),
});

/** The variables as read, before the rules between them (lib/env-rules.ts) are checked. */
export type ParsedEnv = z.infer<typeof baseSchema>;
