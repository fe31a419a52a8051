import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { KeyPageView } from "@/components/api-keys/key-page/key-page-view";
import { loadKeyPage, RECENT_REQUESTS_LIMIT } from "@/lib/api-keys/key-page";
import { currentViewer } from "@/lib/auth/session";
import { apiKeyPath } from "@/lib/routes";

export const metadata: Metadata = { title: "API key" };

export default async function ApiKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // The settings/api layout has checked sign-in and permission (403 for members).
  const viewer = await currentViewer();
  if (!viewer) redirect(`/login?callbackUrl=${encodeURIComponent(apiKeyPath(id))}`);
  const now = new Date();
  // Scoped by the viewer's organization: another organization's key reads as no key at all.
  const data = await loadKeyPage(viewer.organization.id, id, now);
  if (!data) notFound();
  return <KeyPageView data={data} renderedAt={now.toISOString()} recentLimit={RECENT_REQUESTS_LIMIT} />;
}
