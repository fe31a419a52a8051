import { createHash } from "node:crypto";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

/**
 * Redis keys of the request buffer (recorder.ts), one set per database: deployments (or test
 * runs) that share a Redis but not a database never move each other's requests. The database is
 * named by a digest of its URL, so no connection string is written to Redis.
 */
export function requestBufferKeys(): { counts: string; requests: string; lock: string } {
  return processSingleton("request-buffer-keys", () => {
    const config = env();
    const database = config.DATABASE_URL ?? `embedded:${config.EMBEDDED_DATABASE_DIR ?? ".data/pglite"}`;
    const tag = createHash("sha256").update(database).digest("hex").slice(0, 12);
    const base = `glyphic:requests:${tag}`;
    return { counts: `${base}:counts`, requests: `${base}:list`, lock: `${base}:drain-lock` };
  });
}
