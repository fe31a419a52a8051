// What `npm test` needs before any phase starts, checked in parallel in well under 2 s, so a
// newcomer gets one line per missing piece (and how to fix it) instead of a failure minutes
// into a run. Each check returns null when fine, or that line.
import { accessSync, constants } from "node:fs";
import net from "node:net";
import pg from "pg";

export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
export const DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium";
const TIMEOUT_MS = 1_500;

/** Redis answers a PING (any reply counts: the server is there). */
export function checkRedis(redisUrl = DEFAULT_REDIS_URL, timeoutMs = TIMEOUT_MS) {
  let host = "127.0.0.1";
  let port = 6379;
  try {
    const url = new URL(redisUrl);
    host = url.hostname || host;
    port = Number(url.port || 6379);
  } catch {
    return Promise.resolve(`✗ REDIS_URL is not a URL ("${redisUrl}"): use e.g. ${DEFAULT_REDIS_URL}`);
  }
  const problem = `✗ Redis not reachable at ${host}:${port} (REDIS_URL, default ${DEFAULT_REDIS_URL}): start it with \`redis-server --daemonize yes\`, or set REDIS_URL`;
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (result) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(problem));
    socket.once("error", () => done(problem));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", () => done(null));
  });
}

export function checkChromium(chromiumPath = DEFAULT_CHROMIUM_PATH) {
  try {
    accessSync(chromiumPath, constants.X_OK);
    return null;
  } catch {
    return `✗ Chromium not found at ${chromiumPath} (CHROMIUM_PATH, default ${DEFAULT_CHROMIUM_PATH}): install it with \`apt-get install chromium\`, or set CHROMIUM_PATH to a Chromium binary`;
  }
}

/** Postgres accepts a connection and answers SELECT 1. The message names host and port, never the password. */
export async function checkPostgres(databaseUrl, timeoutMs = TIMEOUT_MS) {
  let where = "DATABASE_URL";
  try {
    const url = new URL(databaseUrl);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return "✗ DATABASE_URL is not a postgresql:// URL: fix it, or unset it to test on the embedded database";
  }
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch {
    return `✗ Postgres not reachable at ${where} (DATABASE_URL): start it, or unset DATABASE_URL to test on the embedded database`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The problems for the phases about to run (`phases`: "unit" | "system" | "e2e"). Every phase
 * needs Redis (the Upstash bridge). Chromium: e2e, and system when it runs (its fault drills
 * open pages in a browser). Postgres: whenever DATABASE_URL is set.
 */
export async function findMissingPrerequisites({ phases, env = process.env }) {
  const databaseUrl = env.DATABASE_URL || undefined;
  const needsChromium = phases.includes("e2e") || (phases.includes("system") && databaseUrl);
  const problems = await Promise.all([
    checkRedis(env.REDIS_URL || DEFAULT_REDIS_URL),
    needsChromium ? checkChromium(env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH) : null,
    databaseUrl ? checkPostgres(databaseUrl) : null,
  ]);
  return problems.filter((problem) => problem !== null);
}
