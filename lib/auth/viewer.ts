import { db } from "../db/client";
import type { Role } from "../db/generated/enums";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  organization: { id: string; name: string; slug: string };
  role: Role;
}

/**
 * The user as a member of the organization, read from the database: null when they are not (or
 * no longer) a member. Sessions only say who signed in; what they may do is decided here.
 */
export async function loadViewer(userId: string, organizationId: string): Promise<Viewer | null> {
  const membership = await db.membership.findUnique({
    where: { userId_organizationId: { userId, organizationId } },
    select: {
      role: true,
      user: { select: { name: true, email: true } },
      organization: { select: { id: true, name: true, slug: true } },
    },
  });
  if (!membership) return null;
  return {
    userId,
    name: membership.user.name,
    email: membership.user.email,
    organization: membership.organization,
    role: membership.role,
  };
}
