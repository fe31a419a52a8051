import { db } from "../db/client";
import { type Redis, upstashRedis } from "../redis/client";

/**
 * Liveness and readiness, for load balancers and uptime checks (docs/operations.md, "Health checks").
 * Liveness touches nothing: a process that answers is alive, and restarting it would not bring
 * the database back. Readiness asks each dependency one trivial question, each bounded by
 * CHECK_TIMEOUT_MS, and reports only which one failed and how long it took — never an error
 * message, which could carry a host name or a connection string.
 */
export const CHECK_TIMEOUT_MS = 1_000;

export type CheckStatus = "ok" | "unavailable";

export interface CheckResult {
  status: CheckStatus;
  ms: number;
}

export interface RateLimitCheckResult extends CheckResult {
  backend: "upstash" | "memory";
}

export interface Readiness {
  status: "ok" | "unavailable";
  checks: { database: CheckResult; rateLimit: RateLimitCheckResult };
}

export function liveness(): { status: "ok" } {
  return { status: "ok" };
}

/** Runs `probe` with a deadline; resolves with its outcome and duration, never rejects. */
async function timed(probe: () => Promise<unknown>, timeoutMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  let status: CheckStatus = "ok";
  try {
    await Promise.race([probe(), deadline]);
  } catch {
    status = "unavailable";
  } finally {
    clearTimeout(timer);
  }
  return { status, ms: Math.round(performance.now() - started) };
}

export function checkDatabase(timeoutMs = CHECK_TIMEOUT_MS): Promise<CheckResult> {
  return timed(() => db.$queryRaw`SELECT 1`, timeoutMs);
}

export async function checkRateLimitStore(
  redis: Redis | null = upstashRedis(),
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<RateLimitCheckResult> {
  // Without Upstash the limiter lives in this process: if the process answers, so does it.
  if (!redis) return { status: "ok", backend: "memory", ms: 0 };
  const result = await timed(async () => {
    if ((await redis.ping()) !== "PONG") throw new Error("unexpected PING reply");
  }, timeoutMs);
  return { ...result, backend: "upstash" };
}

/** Both checks at once, so a dead database and a dead Upstash cost one timeout, not two. */
export async function readiness(): Promise<Readiness> {
  const [database, rateLimit] = await Promise.all([checkDatabase(), checkRateLimitStore()]);
  const ok = database.status === "ok" && rateLimit.status === "ok";
  return { status: ok ? "ok" : "unavailable", checks: { database, rateLimit } };
}
