import { getServerSession } from "next-auth";
import { cache } from "react";
import { authOptions } from "./options";
import { can, type Permission } from "./permissions";
import { loadViewer, type Viewer } from "./viewer";

export type { Viewer } from "./viewer";

/**
 * The signed-in user with their membership read from the database on every call: a role change
 * or removal from the workspace takes effect at once, not when the session cookie expires.
 * Null when signed out or no longer a member. Once per request (React cache): the layout and
 * the page both ask.
 */
export const currentViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(authOptions());
  const userId = session?.user?.id;
  const organizationId = session?.user?.organizationId;
  if (!userId || !organizationId) return null;
  return loadViewer(userId, organizationId);
});

export function viewerCan(viewer: Viewer, permission: Permission): boolean {
  return can(viewer.role, permission);
}
