import { can } from "../auth/permissions";
import { db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { Role } from "../db/generated/enums";

/**
 * Who hears about an organization's keys: the members who can manage them (owners and admins),
 * from the same permission table as Settings → API — never members, never another organization.
 */
export const KEY_ADMIN_ROLES: Role[] = Object.values(Role).filter((role) => can(role, "api_keys:manage"));

/** `client`: a transaction's, to read them in the transaction that enqueues the email. */
export async function keyAdminEmails(
  organizationId: string,
  client: Pick<Prisma.TransactionClient, "membership"> = db,
): Promise<string[]> {
  const memberships = await client.membership.findMany({
    where: { organizationId, role: { in: KEY_ADMIN_ROLES } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((membership) => membership.user.email);
}
