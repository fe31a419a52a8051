import { forbidden, redirect } from "next/navigation";
import { loginPath } from "../routes";
import { can } from "./permissions";
import { currentViewer, type Viewer } from "./session";

/**
 * The guard of every page that manages API keys (Settings → API's layout and page, a key's
 * page): signed out → to sign-in and back to `path`; without the permission → 403 (the
 * segment's forbidden.tsx). The viewer is read once per request, so a layout and its page may
 * both ask.
 */
export async function requireKeyManager(path: string): Promise<Viewer> {
  const viewer = await currentViewer();
  if (!viewer) redirect(loginPath(path));
  if (!can(viewer.role, "api_keys:manage")) forbidden();
  return viewer;
}
