import { z } from "zod";
import { db } from "../db/client";
import { Role } from "../db/generated/enums";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  organization: { id: string; name: string; slug: string };
  role: Role;
}

const viewerRowSchema = z.object({
  role: z.enum(Role),
  name: z.string(),
  email: z.string(),
  organizationId: z.string(),
  organizationName: z.string(),
  organizationSlug: z.string(),
});

/**
 * The user as a member of the organization, read from the database: null when they are not (or
 * no longer) a member. Sessions only say who signed in; what they may do is decided here.
 * One joined statement: Prisma would send one per relation.
 */
export async function loadViewer(userId: string, organizationId: string): Promise<Viewer | null> {
  const [row] = await db.$queryRaw<unknown[]>`
    SELECT m."role"::text AS "role", u."name", u."email", o."id" AS "organizationId",
      o."name" AS "organizationName", o."slug" AS "organizationSlug"
    FROM "Membership" m
    JOIN "User" u ON u."id" = m."userId"
    JOIN "Organization" o ON o."id" = m."organizationId"
    WHERE m."userId" = ${userId} AND m."organizationId" = ${organizationId}`;
  if (!row) return null;
  const membership = viewerRowSchema.parse(row);
  return {
    userId,
    name: membership.name,
    email: membership.email,
    organization: {
      id: membership.organizationId,
      name: membership.organizationName,
      slug: membership.organizationSlug,
    },
    role: membership.role,
  };
}
