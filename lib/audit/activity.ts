import { z } from "zod";
import { db } from "../db/client";
import { describeAuditEvent } from "./describe";

/**
 * The Activity list on Settings → API, as sent to the browser: who, what (a finished sentence
 * built here from the stored details), when. Nothing else of the event leaves the server.
 */
export const activityRowSchema = z.object({
  id: z.string(),
  /** Null → "Unknown": the actor was deleted or is no longer a member of the organization. */
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
  const events = await db.auditEvent.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: {
      id: true,
      action: true,
      keyName: true,
      keyPrefix: true,
      details: true,
      createdAt: true,
      actor: { select: { name: true, memberships: { where: { organizationId }, select: { id: true } } } },
    },
  });
  return events.map((event) =>
    activityRowSchema.parse({
      id: event.id,
      actorName: event.actor && event.actor.memberships.length > 0 ? event.actor.name : null,
      description: describeAuditEvent(event),
      createdAt: event.createdAt.toISOString(),
    }),
  );
}
