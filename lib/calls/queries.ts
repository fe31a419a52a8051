import { db, type ReadStatement, readRows } from "../db/client";
import { encodeKeysetCursor, type KeysetPosition } from "../db/keyset-cursor";
import { type PublicCall, publicCallSchema, toPublicCall } from "./schema";

/**
 * Calls an API key may read: its own organization's, never a private one. Every query here is
 * scoped by both conditions; nothing else in the API reads calls.
 */
const PUBLIC_CALL_FIELDS = {
  id: true,
  title: true,
  startedAt: true,
  durationSeconds: true,
  participants: true,
  summary: true,
} as const;

export interface CallPage {
  data: PublicCall[];
  nextCursor: string | null;
}

export interface CallListQuery {
  limit: number;
  /** The (startedAt, id) of the previous page's last call (lib/db/keyset-cursor.ts). */
  cursor?: KeysetPosition;
  /** Only calls that started strictly after this instant. */
  startedAfter?: Date;
  /** Only calls that started strictly before this instant. */
  startedBefore?: Date;
}

/**
 * The statement listPublicCalls sends (exported so a test can run and EXPLAIN exactly it). The
 * cursor is a row comparison, so Postgres seeks the index to it instead of filtering every newer
 * row. Index (organizationId, isPrivate, startedAt, id) over a partial one of public calls: equal
 * page times (docs/benchmarks/2026-12-02-calls), no private row read either way, and it also
 * serves the organization's cascade.
 *
 * startedAt is a UTC wall-clock `timestamp(3)` (Prisma's convention): bounds go in as ISO text
 * cast to `timestamp`, which ignores the zone suffix, so no session time zone can shift them; it
 * comes out as the API's ISO text, formatted by Postgres, so no Date is made per row.
 */
export function listPublicCallsStatement(organizationId: string, query: CallListQuery): ReadStatement {
  const { limit, cursor, startedAfter, startedBefore } = query;
  const values: unknown[] = [organizationId];
  const conditions = [`"organizationId" = $1`, `"isPrivate" = false`];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (cursor) {
    conditions.push(`("startedAt", "id") < (${param(cursor.at.toISOString())}::timestamp, ${param(cursor.id)})`);
  }
  if (startedAfter) conditions.push(`"startedAt" > ${param(startedAfter.toISOString())}::timestamp`);
  if (startedBefore) conditions.push(`"startedAt" < ${param(startedBefore.toISOString())}::timestamp`);
  // One extra row says whether there is a next page without a second query. ORDER BY names the
  // table's column: a bare "startedAt" would be the text output column, which no index serves.
  const text = `SELECT "id", "title", to_char("startedAt", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "startedAt",
    "durationSeconds", "participants", "summary"
    FROM "Call"
    WHERE ${conditions.join(" AND ")}
    ORDER BY "Call"."startedAt" DESC, "Call"."id" DESC
    LIMIT ${param(limit + 1)}`;
  // One prepared statement per combination of conditions, each with its own text.
  const name = `calls-list-${cursor ? "c" : ""}${startedAfter ? "a" : ""}${startedBefore ? "b" : ""}`;
  return { name, text, values };
}

/**
 * Newest first (startedAt desc, then id desc so equal times still have one order). Each row is
 * parsed once, with the public schema: it checks what the database does not promise (participants
 * may be NULL, a duration negative) and drops any column the statement might come to select.
 * Sent without Prisma, whose raw-query path cost more than the rest of the request
 * (docs/benchmarks/2026-12-06-calls-floor).
 */
export async function listPublicCalls(organizationId: string, query: CallListQuery): Promise<CallPage> {
  const rows = await readRows<unknown>(listPublicCallsStatement(organizationId, query));
  const hasMore = rows.length > query.limit;
  const data = (hasMore ? rows.slice(0, query.limit) : rows).map((row) => publicCallSchema.parse(row));
  const last = data.at(-1);
  return {
    data,
    nextCursor: hasMore && last ? encodeKeysetCursor({ at: new Date(last.startedAt), id: last.id }) : null,
  };
}

/** Null when the call does not exist, is private, or belongs to another organization. */
export async function findPublicCall(organizationId: string, id: string): Promise<PublicCall | null> {
  const row = await db.call.findFirst({
    where: { id, organizationId, isPrivate: false },
    select: PUBLIC_CALL_FIELDS,
  });
  return row ? toPublicCall(row) : null;
}
