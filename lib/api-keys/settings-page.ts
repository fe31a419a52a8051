import { type ActivityRow, loadRecentActivity } from "../audit/activity";
import { type ApiKeyTable, loadApiKeyTable } from "./rows";

/** What Settings → API shows besides the viewer: the key table (with requests served per key), the slots in use, and Activity. */
export interface ApiSettingsData extends ApiKeyTable {
  activity: ActivityRow[];
}

export async function loadApiSettings(organizationId: string, now = new Date()): Promise<ApiSettingsData> {
  const [{ rows, slots }, activity] = await Promise.all([
    loadApiKeyTable(organizationId, now),
    loadRecentActivity(organizationId),
  ]);
  return { rows, slots, activity };
}
