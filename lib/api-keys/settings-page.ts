import { type ActivityRow, loadRecentActivity } from "../audit/activity";
import { type LeakNotice, loadLeakNotices } from "./notices";
import { type ApiKeyTable, loadApiKeyTable } from "./rows";

/** What Settings → API shows besides the viewer: the key table (with requests served per key), the slots in use, Activity and leak notices. */
export interface ApiSettingsData extends ApiKeyTable {
  activity: ActivityRow[];
  /** Leaked keys revoked by secret scanning, until an admin dismisses the notice (one statement). */
  leaks: LeakNotice[];
}

export async function loadApiSettings(organizationId: string, now = new Date()): Promise<ApiSettingsData> {
  const [{ rows, slots }, activity, leaks] = await Promise.all([
    loadApiKeyTable(organizationId, now),
    loadRecentActivity(organizationId),
    loadLeakNotices(organizationId),
  ]);
  return { rows, slots, activity, leaks };
}
