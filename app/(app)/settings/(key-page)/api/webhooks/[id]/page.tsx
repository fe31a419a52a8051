import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { EndpointPageView } from "@/components/webhooks/endpoint-page-view";
import { requireKeyManager } from "@/lib/auth/page-guard";
import { isRecordId } from "@/lib/db/record-id";
import { webhookEndpointPath } from "@/lib/routes";
import { DELIVERIES_SHOWN, loadWebhookEndpointPage } from "@/lib/webhook-endpoints/views";

export const metadata: Metadata = { title: "Webhook endpoint" };

/**
 * A webhook endpoint's page. Beside the key page, outside settings/api, for the same reason (see
 * ../../keys/[id]/page.tsx): nothing streams before the checks, so a member gets a real 403 and
 * an unknown endpoint, or another organization's, a real 404.
 */
export default async function WebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const viewer = await requireKeyManager(webhookEndpointPath(id));
  // An id we could never have issued is no endpoint of anyone's, and never reaches the database.
  if (!isRecordId(id)) notFound();
  const now = new Date();
  const data = await loadWebhookEndpointPage(viewer.organization.id, id, now);
  if (!data) notFound();
  return <EndpointPageView data={data} renderedAt={now.toISOString()} shownLimit={DELIVERIES_SHOWN} />;
}
