import { z } from "zod";

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

/**
 * What a Postgres URL asks of this app besides the connection itself (docs/architecture.md,
 * "Connections and poolers"): `?schema=name` (Prisma's convention) and `?pgbouncer=true` (also
 * Prisma's), which marks a transaction pooler — no startup options, no session state.
 */
export function parseDatabaseUrl(url: string): { connectionString: string; schema?: string; pooled: boolean } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") || undefined;
  const pooled = parsed.searchParams.get("pgbouncer") === "true";
  parsed.searchParams.delete("schema");
  parsed.searchParams.delete("pgbouncer");
  return { connectionString: parsed.toString(), schema, pooled };
}

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

const LOCAL_URL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;

/**
 * Production refuses configurations that are unsafe rather than merely unusual: session cookies
 * over plain http, and limits that silently hold per instance when several instances serve.
 */
function checkProductionTransport(env: z.infer<typeof baseSchema>, ctx: z.RefinementCtx) {
  const url = publicUrlOf(env);
  if (url && !url.startsWith("https://") && !(env.GLYPHIC_DEMO === "1" && LOCAL_URL.test(url))) {
    ctx.addIssue({
      code: "custom",
      path: ["NEXTAUTH_URL"],
      message: `must be an https:// URL in production, so session cookies are sent only over TLS (got "${url}"; http://localhost is accepted only with GLYPHIC_DEMO=1)`,
    });
  }
  if (!env.UPSTASH_REDIS_REST_URL && env.GLYPHIC_SINGLE_INSTANCE !== "1" && env.GLYPHIC_DEMO !== "1") {
    ctx.addIssue({
      code: "custom",
      path: ["UPSTASH_REDIS_REST_URL"],
      message:
        "is required in production: without Upstash every instance keeps its own rate limits and cache invalidations. Set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or GLYPHIC_SINGLE_INSTANCE=1 if exactly one instance serves the app",
    });
  }
}

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The app's public URL: NEXTAUTH_URL, else on Vercel https://<VERCEL_PROJECT_PRODUCTION_URL>.
 * Emails link to it (lib/email/messages.ts), so in production it must exist and must not be a
 * loopback address — a link to localhost in an admin's inbox leads nowhere (or somewhere else).
 */
function publicUrlOf(env: z.infer<typeof baseSchema>): string | undefined {
  if (env.NEXTAUTH_URL) return env.NEXTAUTH_URL;
  const host = env.VERCEL ? env.VERCEL_PROJECT_PRODUCTION_URL : undefined;
  return host ? `https://${host}` : undefined;
}

function checkPublicUrl(env: z.infer<typeof baseSchema>, ctx: z.RefinementCtx) {
  if (!env.NEXTAUTH_URL && env.VERCEL && env.VERCEL_PROJECT_PRODUCTION_URL) {
    if (!/^[a-z0-9.-]+(:\d+)?$/i.test(env.VERCEL_PROJECT_PRODUCTION_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["VERCEL_PROJECT_PRODUCTION_URL"],
        message: `must be a host name such as app.example.com (got "${env.VERCEL_PROJECT_PRODUCTION_URL}"); or set NEXTAUTH_URL`,
      });
    }
    return;
  }
  const url = publicUrlOf(env);
  if (!url) {
    ctx.addIssue({
      code: "custom",
      path: ["NEXTAUTH_URL"],
      message:
        "is required in production: the app's public https:// URL, e.g. https://app.example.com (sign-in callbacks and the links in emails use it). On Vercel it defaults to https://<VERCEL_PROJECT_PRODUCTION_URL>",
    });
    return;
  }
  // (A plain-http URL is refused by checkProductionTransport, with its own message.)
  if (env.GLYPHIC_DEMO !== "1" && url.startsWith("https://") && LOOPBACK_HOST.test(new URL(url).hostname)) {
    ctx.addIssue({
      code: "custom",
      path: ["NEXTAUTH_URL"],
      message: `must be the app's public URL in production, not a loopback address (got "${url}"): emails link to it. A local demo may use it with GLYPHIC_DEMO=1`,
    });
  }
}

/**
 * Vercel runs as many instances as traffic asks for, each with its own short-lived disk: an
 * embedded database there is a different empty database per instance, and "one instance" is
 * never true. Both switches would only hide that.
 */
function checkVercel(env: z.infer<typeof baseSchema>, ctx: z.RefinementCtx) {
  if (!env.VERCEL) return;
  if (env.GLYPHIC_DEMO === "1") {
    ctx.addIssue({
      code: "custom",
      path: ["GLYPHIC_DEMO"],
      message:
        "must not be 1 on Vercel (production): every function instance would get its own empty embedded database on its temporary disk. Unset it and set DATABASE_URL to your Postgres",
    });
  }
  if (env.TRUSTED_PROXY_HOPS === 0) {
    ctx.addIssue({
      code: "custom",
      path: ["TRUSTED_PROXY_HOPS"],
      message:
        "must not be 0 on Vercel: requests always reach the app through Vercel's proxy, so the connection's address is the proxy's. Use 1 (the default)",
    });
  }
  if (env.GLYPHIC_SINGLE_INSTANCE === "1") {
    ctx.addIssue({
      code: "custom",
      path: ["GLYPHIC_SINGLE_INSTANCE"],
      message:
        "must not be 1 on Vercel (production): Vercel starts as many instances as traffic needs, so per-instance rate limits and cache invalidations would be wrong. Unset it and set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN",
    });
  }
}

/**
 * A transaction pooler (`?pgbouncer=true`) hands each transaction to any server connection, so
 * nothing set on a session — a search_path among others — reliably applies to the next query.
 */
function checkDatabaseUrls(env: z.infer<typeof baseSchema>, ctx: z.RefinementCtx) {
  if (env.DIRECT_URL && !env.DATABASE_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["DIRECT_URL"],
      message: "is set without DATABASE_URL: set DATABASE_URL too (the URL requests use), or unset DIRECT_URL",
    });
  }
  if (!env.DATABASE_URL) return;
  const app = parseDatabaseUrl(env.DATABASE_URL);
  if (app.pooled && app.schema && app.schema !== "public") {
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_URL"],
      message: `asks for schema "${app.schema}" through a transaction pooler (?pgbouncer=true), where a session's search_path does not hold. Either set it on the database role — ALTER ROLE <user> SET search_path = "${app.schema}" — and drop ?schema= from the URL, or use the default schema (public)`,
    });
  }
  if (!env.DIRECT_URL) return;
  const direct = parseDatabaseUrl(env.DIRECT_URL);
  if (direct.pooled) {
    ctx.addIssue({
      code: "custom",
      path: ["DIRECT_URL"],
      message: "is marked ?pgbouncer=true: DIRECT_URL must bypass the pooler (migrations and jobs use it)",
    });
  }
  if ((direct.schema ?? "public") !== (app.schema ?? "public")) {
    ctx.addIssue({
      code: "custom",
      path: ["DIRECT_URL"],
      message: `must name the same schema as DATABASE_URL (got "${direct.schema ?? "public"}" and "${app.schema ?? "public"}")`,
    });
  }
}

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
