import { createHash } from "node:crypto";
import { db } from "../db/client";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

export interface BufferKeys {
  /** The hour's counters of every key: one hash field per key, hour and column. */
  counts: string;
  /**
   * The previous release's list of recorded requests (LPUSH, capped across all keys): still
   * claimed with the rest while instances of that release may write to it during a deploy.
   */
  requests: string;
  /**
   * The recorded requests: a ring of at most KEPT_REQUESTS_PER_KEY per key (field
   * "<i|h>:<ref>:<slot>"), MAX_PENDING_REQUESTS in all (redis-buffer.ts RECORD).
   */
  ring: string;
  /** Requests recorded per key since the last claim (field "<i|h>:<ref>"): which ring slot is next. */
  ringSeqs: string;
  /** Claimed batches not yet known to be written: a sorted set, batch id → claimed at (ms). */
  claims: string;
  /** Set (with a TTL of FLUSH_INTERVAL_MS) by whoever was picked to drain: nobody else drains until it expires. */
  due: string;
  /** Where a claimed batch waits until it is written (RENAMEd there by the claim). */
  batch(batchId: string): { counts: string; requests: string; ring: string };
}

interface KeysState {
  keys: Promise<BufferKeys> | null;
}

const state = processSingleton<KeysState>("request-buffer-keys", () => ({ keys: null }));

/**
 * Redis keys of the request buffer (recorder.ts), one set per database: deployments (or test
 * runs, whose files each have a schema of their own) that share a Redis but not a database never
 * move each other's requests. The database is named by the id its migration generated
 * ("Installation", read once per process), not by its URL: the same database reached through
 * another URL (`?sslmode=…`, a rotated password, a pooler) finds the same buffer, and no
 * connection string is written to Redis. The `{…}` hash tag keeps every key of a buffer in one
 * cluster slot, as a script touching several keys needs.
 */
export function requestBufferKeys(): Promise<BufferKeys> {
  if (!state.keys) {
    state.keys = readInstallationId().then(keysFor, (error) => {
      state.keys = null; // the database was unreachable: ask again next time
      throw error;
    });
  }
  return state.keys;
}

export function keysFor(installationId: string): BufferKeys {
  const base = `glyphic:requests:{${installationId}}`;
  return {
    counts: `${base}:counts`,
    requests: `${base}:list`,
    ring: `${base}:ring`,
    ringSeqs: `${base}:ring-seqs`,
    claims: `${base}:claims`,
    due: `${base}:drain-due`,
    batch: (batchId) => ({
      counts: `${base}:batch:${batchId}:counts`,
      requests: `${base}:batch:${batchId}:list`,
      ring: `${base}:batch:${batchId}:ring`,
    }),
  };
}

async function readInstallationId(): Promise<string> {
  const [row] = await db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Installation" LIMIT 1`;
  if (!row) throw new Error('the "Installation" row is missing: run the migrations');
  return row.id;
}

/** Tests: read the installation id again (as a new process would). */
export function forgetRequestBufferKeys(): void {
  state.keys = null;
}

/**
 * The buffer of the release before Installation ids, named by a digest of the database's URL: a
 * drain adopts what it holds (redis-buffer.ts adoptLegacyBuffer) while instances of that release
 * may still write there during a deploy. Remove once no such instance runs.
 */
export function legacyBufferKeys(): { counts: string; requests: string } | null {
  const config = env();
  // An in-memory database (tests) is new in every process: no earlier release wrote for it, and
  // the name it would have had is shared by every such process on the machine.
  if (!config.DATABASE_URL && config.EMBEDDED_DATABASE_DIR === "memory://") return null;
  const database = config.DATABASE_URL ?? `embedded:${config.EMBEDDED_DATABASE_DIR ?? ".data/pglite"}`;
  const tag = createHash("sha256").update(database).digest("hex").slice(0, 12);
  return { counts: `glyphic:requests:${tag}:counts`, requests: `glyphic:requests:${tag}:list` };
}
