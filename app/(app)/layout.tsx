import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { currentViewer } from "@/lib/auth/session";
import { loginPath } from "@/lib/routes";

export default async function AppLayout({ children }: { children: ReactNode }) {
  // proxy.ts already redirects signed-out visitors with a callbackUrl; this also covers a
  // session whose membership was removed since it was issued.
  const viewer = await currentViewer();
  if (!viewer) redirect(loginPath());
  return <AppShell viewer={viewer}>{children}</AppShell>;
}
