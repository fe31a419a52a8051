import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ActivityList } from "@/components/api-keys/activity-list";
import { CreateKeyDialog } from "@/components/api-keys/create-key-dialog";
import { EmptyState } from "@/components/api-keys/empty-state";
import { KeyGuidance } from "@/components/api-keys/key-guidance";
import { KeyNotices } from "@/components/api-keys/key-notices";
import { KeySlotsMeter, LIMIT_REASON_ID } from "@/components/api-keys/key-slots-meter";
import { KeyTable } from "@/components/api-keys/key-table";
import { loadApiSettings } from "@/lib/api-keys/settings-page";
import { RECENT_ACTIVITY_LIMIT } from "@/lib/audit/activity";
import { currentViewer } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { API_SETTINGS_PATH } from "@/lib/routes";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiSettingsPage() {
  // The layout has checked sign-in and permission (and answers 403 otherwise); this is cached.
  const viewer = await currentViewer();
  if (!viewer) redirect(`/login?callbackUrl=${encodeURIComponent(API_SETTINGS_PATH)}`);

  const now = new Date();
  const { rows, slots, activity, leaks } = await loadApiSettings(viewer.organization.id, now);
  const renderedAt = now.toISOString();
  const atLimit = slots.active >= slots.limit;
  const supportEmail = env().SUPPORT_EMAIL;

  return (
    <div className="space-y-6">
      <header className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="max-w-2xl space-y-1.5">
          <h1 className="text-2xl font-semibold tracking-tight">API keys</h1>
          <p className="text-sm leading-relaxed text-slate-600">
            API keys let you, or systems you build, authenticate to the Glyphic API. Anyone with a key can call the API
            on behalf of {viewer.organization.name}, so handle keys like passwords. The full key is shown only once,
            right after you create or roll it.
          </p>
        </div>
        <CreateKeyDialog disabled={atLimit} disabledReasonId={LIMIT_REASON_ID} />
      </header>

      <KeyNotices leaks={leaks} rows={rows} renderedAt={renderedAt} />

      <KeySlotsMeter active={slots.active} limit={slots.limit} supportEmail={supportEmail} />

      {rows.length > 0 ? <KeyTable rows={rows} renderedAt={renderedAt} /> : <EmptyState />}

      <ActivityList events={activity} renderedAt={renderedAt} limit={RECENT_ACTIVITY_LIMIT} />

      <KeyGuidance supportEmail={supportEmail} />
    </div>
  );
}
