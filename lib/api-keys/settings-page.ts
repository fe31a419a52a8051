import { type ActivityRow, loadRecentActivity } from "../audit/activity";
import { type ApiKeyTable, loadApiKeyTable } from "./rows";

/** What Settings → API shows besides the viewer: the key table with its usage, and Activity. */
export interface ApiSettingsData extends ApiKeyTable {
  activity: ActivityRow[];
}

export async function loadApiSettings(organizationId: string, now = new Date()): Promise<ApiSettingsData> {
  const [{ rows, usage }, activity] = await Promise.all([
    loadApiKeyTable(organizationId, now),
    loadRecentActivity(organizationId),
  ]);
  return { rows, usage, activity };
}
