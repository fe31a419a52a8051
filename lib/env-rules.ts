import type { z } from "zod";
import type { ParsedEnv } from "./env-schema";

/**
 * The rules lib/env.ts checks between variables, most only in production: what a database URL
 * asks for, the app's public URL, and what is unsafe rather than merely unusual.
 */

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

const LOCAL_URL = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/;

/**
 * Production refuses configurations that are unsafe rather than merely unusual: session cookies
 * over plain http, and limits that silently hold per instance when several instances serve.
 */
export function checkProductionTransport(env: ParsedEnv, ctx: z.RefinementCtx) {
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
export function publicUrlOf(env: ParsedEnv): string | undefined {
  if (env.NEXTAUTH_URL) return env.NEXTAUTH_URL;
  const host = env.VERCEL ? env.VERCEL_PROJECT_PRODUCTION_URL : undefined;
  return host ? `https://${host}` : undefined;
}

export function checkPublicUrl(env: ParsedEnv, ctx: z.RefinementCtx) {
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
export function checkVercel(env: ParsedEnv, ctx: z.RefinementCtx) {
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
export function checkDatabaseUrls(env: ParsedEnv, ctx: z.RefinementCtx) {
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
