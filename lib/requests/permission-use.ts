import type { Prisma } from "../db/generated/client";
import { permissionOf } from "./operation-permissions";
import { dayBucket, type RecordedRequest } from "./records";

/**
 * ApiKeyPermissionUse, per key, permission and UTC day: the successful requests that exercised
 * it (the permission an operation declares: operation-permissions.ts). Written by applyBatch
 * (store.ts) in the batch's transaction, one INSERT … ON CONFLICT per batch; key health reads it
 * ("holds permissions it did not use").
 */
type Tx = Prisma.TransactionClient;

interface PermissionRow {
  keyId: string;
  permission: string;
  day: number;
  lastAt: number;
  requests: number;
}

/** Successful requests per key, permission exercised and day (pure; exported for tests). */
export function permissionRows(requests: RecordedRequest[]): PermissionRow[] {
  const rows = new Map<string, PermissionRow>();
  for (const request of requests) {
    if (!request.keyId || request.status < 200 || request.status > 299) continue;
    const permission = permissionOf(request.method, request.path);
    if (permission === null) continue;
    const day = dayBucket(request.at);
    const id = `${request.keyId} ${permission} ${day}`;
    const row = rows.get(id);
    if (row) {
      row.requests++;
      row.lastAt = Math.max(row.lastAt, request.at);
    } else {
      rows.set(id, { keyId: request.keyId, permission, day, lastAt: request.at, requests: 1 });
    }
  }
  return [...rows.values()];
}

/** One statement per batch: the permissions its successful requests exercised. */
export async function writePermissionUse(tx: Tx, requests: RecordedRequest[]): Promise<void> {
  const rows = permissionRows(requests);
  if (rows.length === 0) return;
  await tx.$executeRaw`
    WITH given AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        AS g("keyId" text, "permission" text, "day" bigint, "lastAt" bigint, "requests" int)
    )
    INSERT INTO "ApiKeyPermissionUse" ("apiKeyId", "permission", "day", "lastAt", "requests")
    SELECT k."id", g."permission", to_timestamp(g."day" / 1000.0) AT TIME ZONE 'UTC',
        to_timestamp(g."lastAt" / 1000.0) AT TIME ZONE 'UTC', g."requests"
      FROM given g JOIN "ApiKey" k ON k."id" = g."keyId"
      ORDER BY k."id", g."permission", g."day"
    ON CONFLICT ("apiKeyId", "permission", "day") DO UPDATE SET
      "lastAt" = GREATEST("ApiKeyPermissionUse"."lastAt", EXCLUDED."lastAt"),
      "requests" = "ApiKeyPermissionUse"."requests" + EXCLUDED."requests"`;
}
