import { getServerSession } from "next-auth";
import { db } from "../db/client";
import type { Role } from "../db/generated/enums";
import { authOptions } from "./options";
import { can, type Permission } from "./permissions";

export interface Viewer {
  userId: string;
  name: string;
  email: string;
  organization: { id: string; name: string; slug: string };
  role: Role;
}

/**
 * The signed-in user with their membership read from the database on every call: a role change
 * or removal from the workspace takes effect at once, not when the session cookie expires.
 * Null when signed out or no longer a member.
 */
export async function currentViewer(): Promise<Viewer | null> {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  const organizationId = session?.user?.organizationId;
  if (!userId || !organizationId) return null;
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

export function viewerCan(viewer: Viewer, permission: Permission): boolean {
  return can(viewer.role, permission);
}
