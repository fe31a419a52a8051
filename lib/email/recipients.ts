import { db } from "../db/client";

/** Who hears about an organization's keys: its owners and admins (those who can manage keys). */
export async function keyAdminEmails(organizationId: string): Promise<string[]> {
  const memberships = await db.membership.findMany({
    where: { organizationId, role: { in: ["OWNER", "ADMIN"] } },
    select: { user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return memberships.map((membership) => membership.user.email);
}
