import { z } from "zod";
import { db } from "../db/client";
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

export const RECENT_ACTIVITY_LIMIT = 20;

export async function loadRecentActivity(
  organizationId: string,
  limit = RECENT_ACTIVITY_LIMIT,
): Promise<ActivityRow[]> {
  // One statement with the actor joined (Prisma sends one per relation); the membership join
  // says whether the actor is still in the organization.
  const rows = await db.$queryRaw<unknown[]>`
    SELECT e."id", e."action", e."keyName", e."keyPrefix", e."details", e."createdAt",
      CASE WHEN am."id" IS NOT NULL THEN u."name" END AS "actorName"
    FROM "AuditEvent" e
    LEFT JOIN "User" u ON u."id" = e."actorId"
    LEFT JOIN "Membership" am ON am."userId" = e."actorId" AND am."organizationId" = e."organizationId"
    WHERE e."organizationId" = ${organizationId}
    ORDER BY e."createdAt" DESC, e."id" DESC
    LIMIT ${limit}`;
  return rows.map((row) => {
    const event = eventRowSchema.parse(row);
    return activityRowSchema.parse({
      id: event.id,
      actorName: actorLabel(event),
      description: describeAuditEvent(event),
      createdAt: event.createdAt.toISOString(),
    });
  });
}

const eventRowSchema = z.object({
  id: z.string(),
  action: z.string(),
  keyName: z.string(),
  keyPrefix: z.string(),
  details: z.unknown(),
  createdAt: z.date(),
  actorName: z.string().nullable(),
});
