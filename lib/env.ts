import { z } from "zod";
import { checkDatabaseUrls, checkProductionTransport, checkPublicUrl, checkVercel, publicUrlOf } from "./env-rules";

export { parseDatabaseUrl } from "./env-rules";

/**
 * Every environment variable the app reads, validated once. A wrong value stops start-up with
 * a message that names the variable and says what to set; nothing else reads process.env.
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

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const baseSchema = z.object({
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
  /** Sender of notification emails. */
  EMAIL_FROM: optionalString.pipe(z.string().min(3).default("Glyphic <notifications@glyphic.ai>")),
});

/** The variables as read, before the rules between them (lib/env-rules.ts) are checked. */
export type ParsedEnv = z.infer<typeof baseSchema>;

const schema = baseSchema.superRefine((env, ctx) => {
  if (env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
    if (!env.DATABASE_URL && env.GLYPHIC_DEMO !== "1") {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_URL"],
        message:
          "is required in production: set it to your Postgres connection string (or GLYPHIC_DEMO=1 for a throwaway demo on the embedded database)",
      });
    }
    if (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message: "is required in production (≥ 32 characters): generate one with `openssl rand -base64 32`",
      });
    }
    checkPublicUrl(env, ctx);
    checkProductionTransport(env, ctx);
    checkVercel(env, ctx);
  }
  checkDatabaseUrls(env, ctx);
  if (Boolean(env.UPSTASH_REDIS_REST_URL) !== Boolean(env.UPSTASH_REDIS_REST_TOKEN)) {
    ctx.addIssue({
      code: "custom",
      path: ["UPSTASH_REDIS_REST_TOKEN"],
      message: "UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN must be set together",
    });
  }
});

export type Env = Omit<z.infer<typeof schema>, "DATABASE_POOL_MAX"> & {
  NEXTAUTH_SECRET: string;
  SUPPORT_EMAIL: string;
  DATABASE_POOL_MAX: number;
};

/**
 * A serverless instance serves its requests with few connections, and there may be hundreds of
 * instances (docs/architecture.md, "Connections and poolers"); a server keeps ten.
 */
export const SERVERLESS_POOL_MAX = 2;
export const SERVER_POOL_MAX = 10;

// Only for development and tests: production refuses to start without a real secret (above).
const DEVELOPMENT_SECRET = "glyphic-development-secret-not-for-production-use";

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".") || "env"} ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}\nSee .env.example.`);
  }
  return {
    ...result.data,
    NEXTAUTH_URL: publicUrlOf(result.data),
    NEXTAUTH_SECRET: result.data.NEXTAUTH_SECRET ?? DEVELOPMENT_SECRET,
    SUPPORT_EMAIL: result.data.SUPPORT_EMAIL ?? "support@glyphic.ai",
    DATABASE_POOL_MAX: result.data.DATABASE_POOL_MAX || (result.data.VERCEL ? SERVERLESS_POOL_MAX : SERVER_POOL_MAX),
  };
}

let cached: Env | undefined;

/** The validated environment (parsed on first use, so `next build` does not need secrets). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
