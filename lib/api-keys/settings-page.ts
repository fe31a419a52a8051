import { type ActivityRow, loadRecentActivity } from "../audit/activity";
import { type ApiKeyTable, loadApiKeyTable } from "./rows";
import { type StillTriedKey, stillTriedKeys } from "./still-tried";

/**
 * What Settings → API shows besides the viewer: the key table (with requests served per key), the
 * slots in use, Activity, and the revoked or expired keys still being tried (its notice).
 */
export interface ApiSettingsData extends ApiKeyTable {
  activity: ActivityRow[];
  stillTried: StillTriedKey[];
}

export async function loadApiSettings(organizationId: string, now = new Date()): Promise<ApiSettingsData> {
  const [{ rows, slots }, activity, stillTried] = await Promise.all([
    loadApiKeyTable(organizationId, now),
    loadRecentActivity(organizationId),
    stillTriedKeys(organizationId, now),
  ]);
  return { rows, slots, activity, stillTried };
}
