import type { SqlSession } from "../db/migrate";
import { env } from "../env";
import { QUIET_DAYS } from "../requests/key-networks";
import { WEBHOOK_DAYS } from "../webhooks/events";

/**
 * Deletes ApiKeyUsage, ApiRequest, ApiKeyNetwork and ApiKeyPermissionUse rows older than USAGE_RETENTION_DAYS and AuditEvent rows
 * older than AUDIT_RETENTION_DAYS, and webhook events (with their deliveries) older than WEBHOOK_DAYS. Each batch is its own short DELETE (autocommit) picked through an index
 * on the age column, so no statement holds row locks for long, the usage flush and the Activity
 * list keep working, and stopping half-way loses nothing: the next run carries on. Idempotent:
 * a second run finds nothing older than the cut-off.
 */
export const RETENTION_BATCH_SIZE = 5_000;
/** A run stops starting batches after this long (the cron route's time limit); the next run continues. */
export const RETENTION_TIME_BUDGET_MS = 240_000;

export interface RetentionOptions {
  now?: Date;
  usageDays?: number;
  auditDays?: number;
  batchSize?: number;
  budgetMs?: number;
}

export interface TableRetention {
  /** Rows older than this instant (UTC) were deleted. */
  before: string;
  deleted: number;
}

export interface RetentionSummary {
  apiKeyUsage: TableRetention;
  apiRequest: TableRetention;
  /** Networks and permissions per key and day (lib/requests/key-networks.ts), kept as long as the usage counts. */
  apiKeyNetwork: TableRetention;
  apiKeyPermissionUse: TableRetention;
  auditEvent: TableRetention;
  /** Ids of written request batches (lib/requests/store.ts), kept REQUEST_BATCH_DAYS. */
  requestBatch: TableRetention;
  /** Webhook events with their deliveries (the endpoint's page), kept WEBHOOK_DAYS. */
  webhookEvent: TableRetention;
  batches: number;
  seconds: number;
  /** False when the time budget ran out with old rows left (the next run deletes them). */
  complete: boolean;
}

const DAY_MS = 86_400_000;
/** A request batch's id outlives by far any retry or sweep of that batch (CLAIM_STALE_MS: 60 s). */
const REQUEST_BATCH_DAYS = 7;

// Prisma's DateTime columns are `timestamp(3)` holding UTC; an ISO string cast to `timestamp`
// keeps its UTC wall time whatever the session's TimeZone is.
/** At most $2 rows of `table` whose `column` is before $1, deleted by id: the number deleted. */
function deleteOlderById(table: string, column: string): string {
  return `WITH batch AS (
      SELECT "id" FROM "${table}" WHERE "${column}" < $1::timestamp LIMIT $2
    ), gone AS (
      DELETE FROM "${table}" t USING batch WHERE t."id" = batch."id" RETURNING 1
    ) SELECT count(*)::int AS deleted FROM gone`;
}

/** As deleteOlderById, for the per-day aggregates: by their primary key, picked through their "day" index. */
function deleteOlderByDay(table: string, key: string[]): string {
  const columns = key.map((column) => `"${column}"`).join(", ");
  const join = key.map((column) => `t."${column}" = batch."${column}"`).join(" AND ");
  return `WITH batch AS (
      SELECT ${columns} FROM "${table}" WHERE "day" < $1::timestamp LIMIT $2
    ), gone AS (
      DELETE FROM "${table}" t USING batch WHERE ${join} RETURNING 1
    ) SELECT count(*)::int AS deleted FROM gone`;
}

const TABLES = {
  apiKeyUsage: `WITH batch AS (
      SELECT "apiKeyId", "bucket" FROM "ApiKeyUsage" WHERE "bucket" < $1::timestamp LIMIT $2
    ), gone AS (
      DELETE FROM "ApiKeyUsage" u USING batch
      WHERE u."apiKeyId" = batch."apiKeyId" AND u."bucket" = batch."bucket"
      RETURNING 1
    ) SELECT count(*)::int AS deleted FROM gone`,
  apiRequest: deleteOlderById("ApiRequest", "at"),
  apiKeyNetwork: deleteOlderByDay("ApiKeyNetwork", ["apiKeyId", "network", "day"]),
  apiKeyPermissionUse: deleteOlderByDay("ApiKeyPermissionUse", ["apiKeyId", "permission", "day"]),
  auditEvent: deleteOlderById("AuditEvent", "createdAt"),
  requestBatch: deleteOlderById("RequestBatch", "appliedAt"),
  // Its deliveries go with it (ON DELETE CASCADE).
  webhookEvent: deleteOlderById("WebhookEvent", "createdAt"),
} as const;

export async function runRetention(session: SqlSession, options: RetentionOptions = {}): Promise<RetentionSummary> {
  const started = performance.now();
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? RETENTION_BATCH_SIZE;
  const budgetMs = options.budgetMs ?? RETENTION_TIME_BUDGET_MS;
  const days = {
    apiKeyUsage: options.usageDays ?? env().USAGE_RETENTION_DAYS,
    apiRequest: options.usageDays ?? env().USAGE_RETENTION_DAYS,
    // The new-network alert looks back QUIET_DAYS: a shorter retention would make old networks new.
    apiKeyNetwork: Math.max(options.usageDays ?? env().USAGE_RETENTION_DAYS, QUIET_DAYS + 1),
    apiKeyPermissionUse: options.usageDays ?? env().USAGE_RETENTION_DAYS,
    auditEvent: options.auditDays ?? env().AUDIT_RETENTION_DAYS,
    requestBatch: REQUEST_BATCH_DAYS,
    webhookEvent: WEBHOOK_DAYS,
  };
  let batches = 0;
  let complete = true;
  const result = {} as Record<keyof typeof TABLES, TableRetention>;
  for (const table of Object.keys(TABLES) as (keyof typeof TABLES)[]) {
    const before = new Date(now.getTime() - days[table] * DAY_MS).toISOString();
    let deleted = 0;
    for (;;) {
      if (performance.now() - started > budgetMs) {
        complete = false;
        break;
      }
      const [row] = await session.query<{ deleted: number }>(TABLES[table], [before, batchSize]);
      batches++;
      deleted += row.deleted;
      if (row.deleted < batchSize) break;
    }
    result[table] = { before, deleted };
  }
  const seconds = Math.round(performance.now() - started) / 1000;
  return { ...result, batches, seconds, complete };
}
