import { loadViewer, type Viewer } from "@/lib/auth/viewer";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "./factories";

/**
 * Stands in for lib/auth/session in action tests: getServerSession cannot run outside a Next
 * request, so "who is signed in" is set per test, while the membership is still read from the
 * real database on every call, as currentViewer does (a removal or demotion takes effect at once).
 * Use: vi.mock("@/lib/auth/session", () => import("@/tests/signed-in-viewer")).
 */
let signedIn: { userId: string; organizationId: string } | null = null;

export function signInAs(user: { id: string }, organization: { id: string }): void {
  signedIn = { userId: user.id, organizationId: organization.id };
}

export function signOut(): void {
  signedIn = null;
}

export async function currentViewer(): Promise<Viewer | null> {
  return signedIn ? loadViewer(signedIn.userId, signedIn.organizationId) : null;
}

export async function adminOfNewOrg(features: string[] = []) {
  const org = await createOrganization({ features });
  const admin = await createMember(org.id, "ADMIN", "Ada Admin");
  return { org, admin };
}

export const activeKeyCount = (organizationId: string) =>
  db.apiKey.count({ where: { organizationId, revokedAt: null } });
