import { can } from "../auth/permissions";
import { db } from "../db/client";
import { Role } from "../db/generated/enums";

/**
 * Who hears about an organization's keys: the members who can manage them (owners and admins),
 * from the same permission table as Settings → API — never members, never another organization.
 */
export const KEY_ADMIN_ROLES: Role[] = Object.values(Role).filter((role) => can(role, "api_keys:manage"));

export async function keyAdminEmails(organizationId: string): Promise<string[]> {
  const memberships = await db.membership.findMany({
    where: { organizationId, role: { in: KEY_ADMIN_ROLES } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((membership) => membership.user.email);
}
