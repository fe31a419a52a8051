import type { ReactNode } from "react";
import { requireKeyManager } from "@/lib/auth/page-guard";
import { API_SETTINGS_PATH } from "@/lib/routes";

// The permission check sits in the segment's layout, outside the page's loading boundary, so a
// member's answer is a real 403 (with the page in ../forbidden.tsx) rather than a 200 that streams.
export default async function ApiSettingsLayout({ children }: { children: ReactNode }) {
  await requireKeyManager(API_SETTINGS_PATH);
  return children;
}
