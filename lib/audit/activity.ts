import { z } from "zod";
import { db } from "../db/client";
import { Prisma } from "../db/generated/client";
import { decodeKeysetCursor, encodeKeysetCursor } from "../db/keyset-cursor";
import { isRecordId, RECORD_ID } from "../db/record-id";
import { actorLabel, describeAuditEvent } from "./describe";

/**
 * The Activity list on Settings → API, as sent to the browser: who, what (a finished sentence
 * built here from the stored details), when. Nothing else of the event leaves the server.
 */
export const activityRowSchema = z.object({
  id: z.string(),
  /**
   * Null → "Unknown": the actor was deleted or is no longer a member of the organization.
   * "Secret scanning" for a key revoked because it leaked (no person acted).
   */
  actorName: z.string().nullable(),
  /** The sentence without its subject, e.g. "revoked “Zapier — production” (glyk_AbCd…)". */
  description: z.string(),
  createdAt: z.iso.datetime(),
});
export type ActivityRow = z.infer<typeof activityRowSchema>;

export const ACTIVITY_PAGE_SIZE = 20;

/**
 * Keyset cursor: the (createdAt, id) of the last event shown, base64url so clients treat it as
 * opaque. Keyset rather than offset, so page 50 costs what page 1 costs and events recorded
 * while someone pages never shift or repeat what they see.
 */
export interface ActivityCursor {
  createdAt: Date;
  id: string;
}

export function encodeActivityCursor(position: ActivityCursor): string {
  return encodeKeysetCursor({ at: position.createdAt, id: position.id });
}

/** Null when the value is not a cursor this module issued (format and checks: lib/db/keyset-cursor.ts). */
export function decodeActivityCursor(value: string): ActivityCursor | null {
  const position = decodeKeysetCursor(value);
  return position && { createdAt: position.at, id: position.id };
}

const STALE_LIST = "This list is out of date. Reload the page to see the latest activity.";

/** Input of "Show more": a cursor this module issued (a bad one is a sentence, not a 500), the filter. */
export const activityPageInputSchema = z.object({
  cursor: z
    .string()
    .max(128)
    .transform((value, context) => {
      const cursor = decodeActivityCursor(value);
      if (!cursor) context.addIssue({ code: "custom", message: STALE_LIST });
      return cursor ?? z.NEVER;
    }),
  // The record-id shape, like every id from a client: a NUL would otherwise reach Postgres (an error).
  keyId: z
    .string()
    .trim()
    .regex(RECORD_ID, "This key isn't one of your organization's keys. Reload the page.")
    .optional(),
});

export interface ActivityQuery {
  /** Only this key's events. Scoped by the organization too, so another org's key id finds nothing. */
  keyId?: string;
  /** Events strictly older than this position. */
  cursor?: ActivityCursor;
  /** Events strictly newer than this event (or, without an id, this instant): a SIEM's incremental pull. */
  after?: { createdAt: Date; id?: string };
}

/** An event with everything the page and the CSV export may show; never the key or its hash. */
export const activityEventSchema = z.object({
  id: z.string(),
  action: z.string(),
  keyName: z.string(),
  keyPrefix: z.string(),
  details: z.unknown(),
  createdAt: z.date(),
  actorName: z.string().nullable(),
  actorEmail: z.string().nullable(),
  actorId: z.string().nullable(),
  apiKeyId: z.string().nullable(),
  actorKeyId: z.string().nullable(),
  actorKeyName: z.string().nullable(),
  actorKeyPrefix: z.string().nullable(),
});
export type ActivityEvent = z.infer<typeof activityEventSchema>;

/** createdAt is a UTC wall-clock timestamp(3): cursors go in as ISO text cast to timestamp. */
const utc = (date: Date) => Prisma.sql`${date.toISOString()}::timestamp`;

/**
 * The one statement of every Activity read (page, Show more, export, bench EXPLAIN): newest
 * first by (createdAt, id), the cursor a row comparison so Postgres seeks its index to it —
 * (organizationId, createdAt DESC) unfiltered, (organizationId, apiKeyId, createdAt DESC, id DESC)
 * by key. The actor is joined; the membership join says whether they are still in the org.
 */
export function activityEventsSql(organizationId: string, query: ActivityQuery, limit: number): Prisma.Sql {
  const conditions = [Prisma.sql`e."organizationId" = ${organizationId}`];
  if (query.keyId !== undefined) conditions.push(Prisma.sql`e."apiKeyId" = ${query.keyId}`);
  if (query.cursor) {
    conditions.push(Prisma.sql`(e."createdAt", e."id") < (${utc(query.cursor.createdAt)}, ${query.cursor.id})`);
  }
  if (query.after?.id !== undefined) {
    conditions.push(Prisma.sql`(e."createdAt", e."id") > (${utc(query.after.createdAt)}, ${query.after.id})`);
  } else if (query.after) {
    conditions.push(Prisma.sql`e."createdAt" > ${utc(query.after.createdAt)}`);
  }
  return Prisma.sql`
    SELECT e."id", e."action", e."keyName", e."keyPrefix", e."details", e."createdAt",
      e."actorId", e."apiKeyId", e."actorKeyId", e."actorKeyName", e."actorKeyPrefix",
      CASE WHEN am."id" IS NOT NULL THEN u."name" END AS "actorName",
      CASE WHEN am."id" IS NOT NULL THEN u."email" END AS "actorEmail"
    FROM "AuditEvent" e
    LEFT JOIN "User" u ON u."id" = e."actorId"
    LEFT JOIN "Membership" am ON am."userId" = e."actorId" AND am."organizationId" = e."organizationId"
    WHERE ${Prisma.join(conditions, " AND ")}
    ORDER BY e."createdAt" DESC, e."id" DESC
    LIMIT ${limit}`;
}

export async function readActivityEvents(
  organizationId: string,
  query: ActivityQuery,
  limit: number,
): Promise<ActivityEvent[]> {
  const rows = await db.$queryRaw<unknown[]>(activityEventsSql(organizationId, query, limit));
  return rows.map((row) => activityEventSchema.parse(row));
}

export function toActivityRow(event: ActivityEvent): ActivityRow {
  return activityRowSchema.parse({
    id: event.id,
    actorName: actorLabel(event),
    description: describeAuditEvent(event),
    createdAt: event.createdAt.toISOString(),
  });
}

export interface ActivityPage {
  events: ActivityRow[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export async function loadActivityPage(
  organizationId: string,
  query: ActivityQuery = {},
  limit = ACTIVITY_PAGE_SIZE,
): Promise<ActivityPage> {
  // One extra row says whether there is a next page without a second query.
  const events = await readActivityEvents(organizationId, query, limit + 1);
  const page = events.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toActivityRow),
    nextCursor: events.length > limit && last ? encodeActivityCursor(last) : null,
  };
}

/** The first page's events: the latest `limit` changes. */
export async function loadRecentActivity(organizationId: string, limit = ACTIVITY_PAGE_SIZE): Promise<ActivityRow[]> {
  return (await loadActivityPage(organizationId, {}, limit)).events;
}

/** A choice of the key filter: every key of the organization, revoked ones included. */
export const activityKeyOptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  revoked: z.boolean(),
});
export type ActivityKeyOption = z.infer<typeof activityKeyOptionSchema>;

export async function loadActivityKeyOptions(organizationId: string): Promise<ActivityKeyOption[]> {
  const keys = await db.apiKey.findMany({
    where: { organizationId },
    select: { id: true, name: true, prefix: true, revokedAt: true },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return keys.map((key) =>
    activityKeyOptionSchema.parse({ id: key.id, name: key.name, prefix: key.prefix, revoked: key.revokedAt !== null }),
  );
}

/** Whether the key is the organization's (for a filter that came from a URL or a client). */
export async function isOrganizationKey(organizationId: string, keyId: string): Promise<boolean> {
  // An id we could never have issued is no key of anyone's, and never reaches the database.
  if (!isRecordId(keyId)) return false;
  return (await db.apiKey.count({ where: { id: keyId, organizationId } })) > 0;
}
