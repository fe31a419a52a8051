import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { type CallCursor, encodeCallCursor } from "./cursor";
import { type CallRow, callRowSchema, type PublicCall, toPublicCall } from "./schema";

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
  cursor?: CallCursor;
  /** Only calls that started strictly after this instant. */
  startedAfter?: Date;
  /** Only calls that started strictly before this instant. */
  startedBefore?: Date;
}

/**
 * startedAt is a UTC wall-clock `timestamp(3)` (Prisma's convention): bounds go in as ISO text
 * cast to `timestamp`, which ignores the zone suffix, so no session time zone can shift them.
 */
const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

/**
 * The statement listPublicCalls sends (exported so a test can EXPLAIN exactly it). The cursor is
 * a row comparison, so Postgres seeks the index to it instead of filtering every newer row.
 * Index (organizationId, isPrivate, startedAt, id) over a partial one of public calls: equal page
 * times (docs/benchmarks/2026-12-02-calls), no private row read either way, and it also serves the organization's cascade.
 */
export function listPublicCallsSql(organizationId: string, query: CallListQuery): Prisma.Sql {
  const { limit, cursor, startedAfter, startedBefore } = query;
  const conditions = [Prisma.sql`"organizationId" = ${organizationId}`, Prisma.sql`"isPrivate" = false`];
  if (cursor) conditions.push(Prisma.sql`("startedAt", "id") < (${utc(cursor.startedAt)}, ${cursor.id})`);
  if (startedAfter) conditions.push(Prisma.sql`"startedAt" > ${utc(startedAfter)}`);
  if (startedBefore) conditions.push(Prisma.sql`"startedAt" < ${utc(startedBefore)}`);
  // One extra row says whether there is a next page without a second query.
  return Prisma.sql`
    SELECT "id", "title", "startedAt", "durationSeconds", "participants", "summary"
    FROM "Call"
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY "startedAt" DESC, "id" DESC
    LIMIT ${limit + 1}`;
}

/** Newest first (startedAt desc, then id desc so equal times still have one order). */
export async function listPublicCalls(organizationId: string, query: CallListQuery): Promise<CallPage> {
  const rows = (await db.$queryRaw<unknown[]>(listPublicCallsSql(organizationId, query))).map(
    (row): CallRow => callRowSchema.parse(row),
  );
  const hasMore = rows.length > query.limit;
  const pageRows = hasMore ? rows.slice(0, query.limit) : rows;
  const last = pageRows.at(-1);
  return {
    data: pageRows.map(toPublicCall),
    nextCursor: hasMore && last ? encodeCallCursor(last) : null,
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
