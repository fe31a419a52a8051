import { db } from "../db/client";
import { type CallCursor, encodeCallCursor } from "./cursor";
import { type PublicCall, toPublicCall } from "./schema";

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

/** Newest first (startedAt desc, then id desc so equal times still have one order). */
export async function listPublicCalls(
  organizationId: string,
  page: { limit: number; cursor?: CallCursor },
): Promise<CallPage> {
  const { limit, cursor } = page;
  const rows = await db.call.findMany({
    where: {
      organizationId,
      isPrivate: false,
      ...(cursor && {
        OR: [{ startedAt: { lt: cursor.startedAt } }, { startedAt: cursor.startedAt, id: { lt: cursor.id } }],
      }),
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    // One extra row says whether there is a next page without a second query.
    take: limit + 1,
    select: PUBLIC_CALL_FIELDS,
  });
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
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
