import { randomBytes } from "node:crypto";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";

/** Test data builders: every call makes new rows with unique slugs and emails. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export async function createOrganization(options: { name?: string; features?: string[] } = {}) {
  const suffix = uniqueSuffix();
  return db.organization.create({
    data: { name: options.name ?? `Org ${suffix}`, slug: `org-${suffix}`, features: options.features ?? [] },
  });
}

export async function createMember(organizationId: string, role: Role = "ADMIN", name?: string) {
  const suffix = uniqueSuffix();
  const user = await db.user.create({
    // Not a real hash: these users never sign in through the login form in unit tests.
    data: { email: `user-${suffix}@example.test`, name: name ?? `User ${suffix}`, passwordHash: "unused" },
  });
  await db.membership.create({ data: { userId: user.id, organizationId, role } });
  return user;
}

/** An organization with one admin, and a shorthand to create its keys (tests of key commands). */
export async function orgWithAdmin() {
  const { createApiKey } = await import("@/lib/api-keys/commands/create");
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN", "Ada Admin");
  const actor = { organizationId: org.id, userId: admin.id };
  const create = (name: string, expiresInDays: number | null = null) => createApiKey({ ...actor, name, expiresInDays });
  return { org, admin, actor, create };
}
