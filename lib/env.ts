import type { z } from "zod";
import { checkDatabaseUrls, checkProductionTransport, checkPublicUrl, checkVercel, publicUrlOf } from "./env-rules";
import { baseSchema } from "./env-schema";

export { parseDatabaseUrl } from "./env-rules";
export { LOG_LEVELS, type ParsedEnv } from "./env-schema";

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
