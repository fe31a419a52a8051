import {
  type ActivityKeyOption,
  type ActivityRow,
  loadActivityKeyOptions,
  loadActivityPage,
} from "../../audit/activity";
import { isRecordId } from "../../db/record-id";
import { loadNetworkAlertNotices, type NetworkAlertNotice } from "../../key-health/network-alerts";
import { stoppedKeysNeedingAttention } from "./needs-attention";
import { type LeakNotice, loadLeakNotices } from "./notices";
import { type KeyPolicyView, keyPolicyView } from "./policy";
import { type ApiKeyTable, loadApiKeyTable } from "./rows";
import { STILL_TRIED_SHOWN, type StillTriedKey, stillTriedKeys } from "./still-tried";

/**
 * What Settings → API shows besides the viewer: the key table (with requests served per key), the
 * slots in use, the key policies and key health, Activity, leak and new-network notices, and the
 * revoked or expired keys still being tried.
 */
export interface ApiSettingsData extends Omit<ApiKeyTable, "policy"> {
  /** Read with the organization's flags (no statement of its own). */
  policy: KeyPolicyView;
  /** Activity's first page (of the filtered key, when the filter names one of the org's keys). */
  activity: ActivityRow[];
  /** Where "Show more" continues; null when the first page is all there is. */
  activityNextCursor: string | null;
  /** The key filter's choices: every key of the organization, revoked ones included. */
  activityKeys: ActivityKeyOption[];
  /**
   * The key filter as applied: null → all activity. `known: false` → the id in the URL is not one
   * of the organization's keys (mistyped, deleted, another org's): the page says so, shows nothing.
   */
  activityFilter: { keyId: string; known: boolean } | null;
  /** Revoked or expired keys tried in the last 24 hours (the still-tried notice). */
  stillTried: StillTriedKey[];
  /** Leaked keys revoked by secret scanning, until an admin dismisses the notice. */
  leaks: LeakNotice[];
  /** Keys used from a network new to them (lib/requests/key-networks.ts), until an admin dismisses the notice. */
  networkAlerts: NetworkAlertNotice[];
}

export interface ApiSettingsOptions {
  /** The key filter from the page's URL, unvalidated. */
  activityKeyId?: string;
}

export async function loadApiSettings(
  organizationId: string,
  now = new Date(),
  options: ApiSettingsOptions = {},
): Promise<ApiSettingsData> {
  const keyId = options.activityKeyId?.trim() || undefined;
  // An id from the URL that is not shaped like a record id (a NUL, 5,000 characters) is no key
  // of the organization's: it is not queried (a NUL would fail the query) and shows as unknown.
  const queryable = keyId === undefined || isRecordId(keyId);
  // All in parallel: the filtered read is scoped by the organization, so an unknown or foreign
  // key id finds no events, and the key list (needed for the select anyway) says which it was.
  const [table, activity, activityKeys, stillTried, leaks, networkAlerts] = await Promise.all([
    loadApiKeyTable(organizationId, now),
    queryable ? loadActivityPage(organizationId, { keyId }) : { events: [], nextCursor: null },
    loadActivityKeyOptions(organizationId),
    stillTriedKeys(organizationId, now),
    loadLeakNotices(organizationId),
    loadNetworkAlertNotices(organizationId),
  ]);
  const known = keyId === undefined || activityKeys.some((key) => key.id === keyId);
  return {
    ...table,
    needsAttention: [
      ...table.needsAttention,
      ...stoppedKeysNeedingAttention(leaks, stillTried.slice(0, STILL_TRIED_SHOWN)),
    ],
    policy: keyPolicyView(table.policy),
    activity: known ? activity.events : [],
    activityNextCursor: known ? activity.nextCursor : null,
    activityKeys,
    activityFilter: keyId === undefined ? null : { keyId, known },
    stillTried,
    leaks,
    networkAlerts,
  };
}
