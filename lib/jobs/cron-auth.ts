import { createHash, timingSafeEqual } from "node:crypto";

/**
 * The cron route's check of `Authorization: Bearer <CRON_SECRET>` (what Vercel Cron sends).
 * Both sides are hashed first, so the comparison is constant-time and of equal length whatever
 * the caller sent. Without a configured secret nothing is accepted.
 */
export type CronAuthorization = "ok" | "unauthorized" | "not_configured";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function authorizeCron(header: string | null, secret: string | undefined): CronAuthorization {
  if (!secret) return "not_configured";
  const match = /^Bearer (.+)$/.exec(header ?? "");
  if (!match) return "unauthorized";
  return timingSafeEqual(digest(match[1]), digest(secret)) ? "ok" : "unauthorized";
}
