import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { KeyPageView } from "@/components/api-keys/key-page/key-page-view";
import { loadKeyPage, RECENT_REQUESTS_LIMIT } from "@/lib/api-keys/views/key-page";
import { requireKeyManager } from "@/lib/auth/page-guard";
import { apiKeyPath } from "@/lib/routes";

export const metadata: Metadata = { title: "API key" };

/**
 * A key's page. It lives in its own route group, outside settings/api, because that segment's
 * loading boundary would start streaming a 200 before this page could answer 404 for another
 * organization's key: here nothing is streamed before the checks, so a member gets a real 403
 * (../../../forbidden.tsx, as on Settings → API) and an unknown key a real 404.
 */
export default async function ApiKeyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireKeyManager(apiKeyPath(id));
  const now = new Date();
  // Scoped by the viewer's organization: another organization's key reads as no key at all.
  const data = await loadKeyPage(viewer.organization.id, id, now);
  if (!data) notFound();
  return <KeyPageView data={data} renderedAt={now.toISOString()} recentLimit={RECENT_REQUESTS_LIMIT} />;
}
