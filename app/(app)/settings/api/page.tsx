import type { Metadata } from "next";
import { ActivityList } from "@/components/api-keys/activity/activity-list";
import { CreateKeyDialog } from "@/components/api-keys/dialogs/create-key-dialog";
import { NeedsAttentionList } from "@/components/api-keys/health/needs-attention";
import { KeyGuidance } from "@/components/api-keys/notices/key-guidance";
import { KeyNotices } from "@/components/api-keys/notices/key-notices";
import { NetworkAlertNotices } from "@/components/api-keys/notices/network-alert-notices";
import { StillTriedNotice } from "@/components/api-keys/notices/still-tried-notice";
import { KeyPoliciesSection } from "@/components/api-keys/policies/key-policies-section";
import { KeyPolicyProvider } from "@/components/api-keys/policies/key-policy-context";
import { EmptyState } from "@/components/api-keys/table/empty-state";
import { KeySlotsMeter, LIMIT_REASON_ID } from "@/components/api-keys/table/key-slots-meter";
import { KeyTable } from "@/components/api-keys/table/key-table";
import { WebhooksSection } from "@/components/webhooks/webhooks-section";
import { loadApiSettings } from "@/lib/api-keys/views/settings-page";
import { requireKeyManager } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { ACTIVITY_KEY_PARAM, API_SETTINGS_PATH } from "@/lib/routes";
import { MAX_ENDPOINTS, SUBSCRIBABLE_EVENTS } from "@/lib/webhook-endpoints/endpoints";
import { listWebhookEndpoints } from "@/lib/webhook-endpoints/views";
import { WEBHOOK_EVENTS } from "@/lib/webhook-event-types";
import { sweepAfterResponse } from "@/lib/webhooks/dispatch";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // The layout has run the same guard (and answered 403 otherwise); the viewer is cached.
  const viewer = await requireKeyManager(API_SETTINGS_PATH);
  // Retries that fell due go out after this page's response too (at most every 30 s per
  // instance): a deployment whose scheduler runs daily still retries while admins use the app.
  sweepAfterResponse();

  const now = new Date();
  const activityKey = (await searchParams)[ACTIVITY_KEY_PARAM];
  const [{ rows, slots, stillTried, leaks, networkAlerts, needsAttention, policy, ...activity }, endpoints] =
    await Promise.all([
      loadApiSettings(viewer.organization.id, now, {
        activityKeyId: typeof activityKey === "string" ? activityKey : undefined,
      }),
      listWebhookEndpoints(viewer.organization.id, now),
    ]);
  const renderedAt = now.toISOString();
  const atLimit = slots.active >= slots.limit;
  const supportEmail = env().SUPPORT_EMAIL;

  return (
    // The policies reach the create and expiry dialogs (from the header, the notices and the table).
    <KeyPolicyProvider policy={policy}>
      <div className="space-y-6">
        <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <div className="max-w-2xl space-y-1.5">
            <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
            <p className="text-sm leading-relaxed text-slate-600">
              API keys let you, or systems you build, authenticate to the Glyphic API. Anyone with a key can call the
              API on behalf of {viewer.organization.name}, so handle keys like passwords. The full key is shown only
              once, right after you create or roll it.
            </p>
          </div>
          <CreateKeyDialog disabled={atLimit} disabledReasonId={LIMIT_REASON_ID} />
        </header>

        <KeyNotices leaks={leaks} rows={rows} renderedAt={renderedAt} />

        <NetworkAlertNotices alerts={networkAlerts} renderedAt={renderedAt} linkToKey />

        <KeySlotsMeter active={slots.active} limit={slots.limit} supportEmail={supportEmail} />

        <StillTriedNotice keys={stillTried} />

        {rows.length > 0 ? <KeyTable rows={rows} renderedAt={renderedAt} /> : <EmptyState />}

        <NeedsAttentionList keys={needsAttention} />

        <KeyPoliciesSection
          policy={policy}
          canManage={can(viewer.role, "policies:manage")}
          organizationName={viewer.organization.name}
        />

        <WebhooksSection
          endpoints={endpoints}
          choices={SUBSCRIBABLE_EVENTS.map((type) => ({ type, ...WEBHOOK_EVENTS[type] }))}
          maxEndpoints={MAX_ENDPOINTS}
          renderedAt={renderedAt}
        />

        <ActivityList
          events={activity.activity}
          nextCursor={activity.activityNextCursor}
          keys={activity.activityKeys}
          filter={activity.activityFilter}
          renderedAt={renderedAt}
        />

        <KeyGuidance supportEmail={supportEmail} />
      </div>
    </KeyPolicyProvider>
  );
}
