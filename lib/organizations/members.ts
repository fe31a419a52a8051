import { can, type Permission } from "../auth/permissions";
import { db } from "../db/client";
import { Role } from "../db/generated/enums";

/** Names of the organization's members who hold a permission (e.g. whom a member can ask). */
export async function membersWithPermission(organizationId: string, permission: Permission): Promise<string[]> {
  const roles = Object.values(Role).filter((role) => can(role, permission));
  const memberships = await db.membership.findMany({
    where: { organizationId, role: { in: roles } },
    orderBy: [{ role: "asc" }, { createdAt: "asc" }],
    select: { user: { select: { name: true } } },
  });
  return memberships.map((membership) => membership.user.name);
}
