import { forbidden, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentViewer, viewerCan } from "@/lib/auth/session";
import { API_SETTINGS_PATH } from "@/lib/routes";

// The permission check sits in the segment's layout, outside the page's loading boundary, so a
// member's answer is a real 403 (with the page in ../forbidden.tsx) rather than a 200 that streams.
export default async function ApiSettingsLayout({ children }: { children: ReactNode }) {
  const viewer = await currentViewer();
  if (!viewer) redirect(`/login?callbackUrl=${encodeURIComponent(API_SETTINGS_PATH)}`);
  if (!viewerCan(viewer, "api_keys:manage")) forbidden();
  return children;
}
