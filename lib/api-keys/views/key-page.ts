import { db } from "../../db/client";
import { isRecordId } from "../../db/record-id";
import { loadKeyNetworkAlertNotices, type NetworkAlertNotice } from "../../key-health/network-alerts";
import {
  type KeyUsage,
  type RecentRequest,
  recentRequestsOf,
  type StillTried,
  stillTriedOf,
  usageOf,
} from "../../requests/key-requests";

export {
  CHART_DAYS,
  type OutcomeCounts,
  RECENT_REQUESTS_LIMIT,
  type RecentRequest,
  type StillTried,
} from "../../requests/key-requests";

import { keyActivityByKey } from "../../requests/queries";
import { maskedKey } from "../format";
import type { Permission } from "../permissions";
import { keyStatus } from "../state";
import { type NeedsAttention, needsAttention } from "./needs-attention";
import { type KeyPolicyView, keyPolicyView, loadOrganizationSettings } from "./policy";
import { type ApiKeyRow, createdByLabel, toApiKeyRow } from "./rows";
import { findKeyDetail } from "./summary";

/**
 * Everything a key's page shows (Settings → API → a key): the key and who created or revoked it,
 * its requests over 24 hours, 7 and 30 days by outcome, its latest requests, and, for a key that
 * no longer works, who is still trying it. Scoped by the viewer's organization: another
 * organization's key, a malformed id or no such key are all null ("not found").
 */

export type KeyPageStatus = "active" | "rolling" | "expired" | "revoked";

export interface KeyPageData {
  key: {
    id: string;
    name: string;
    maskedKey: string;
    prefix: string;
    status: KeyPageStatus;
    createdAt: string;
    createdByName: string | null;
    lastUsedAt: string | null;
    expiresAt: string | null;
    revokedAt: string | null;
    revokedByName: string | null;
    /** A rolled key: its replacement, if that is not revoked. */
    replacedBy: { id: string; name: string } | null;
    allowedAddresses: string[];
    permissions: Permission[];
  };
  /** For the shared row dialogs (rename, roll, expiry, revoke); null once revoked. */
  row: ApiKeyRow | null;
  usage: KeyUsage;
  recentRequests: RecentRequest[];
  stillTried: StillTried | null;
  /** Networks new to this key (lib/requests/key-networks.ts), until an admin dismisses the notice. */
  networkAlerts: NetworkAlertNotice[];
  /** Key health: what makes this working key riskier than it needs to be (empty: nothing). */
  health: NeedsAttention[];
  /** The organization's key policies: Change expiry offers only the choices they allow. */
  policy: KeyPolicyView;
}

export async function loadKeyPage(
  organizationId: string,
  keyId: string,
  now = new Date(),
): Promise<KeyPageData | null> {
  if (!isRecordId(keyId)) return null;
  const key = await findKeyDetail(db, organizationId, keyId);
  if (!key) return null;
  const status: KeyPageStatus = key.revokedAt !== null ? "revoked" : keyStatus(key, now);
  const stoppedAt = key.revokedAt ?? (status === "expired" && key.expiresAt !== null ? key.expiresAt : null);
  const [usage, recentRequests, stillTried, networkAlerts, activity, organization] = await Promise.all([
    usageOf(key.id, now),
    recentRequestsOf(key.id),
    stoppedAt ? stillTriedOf(key.id, stoppedAt, now) : null,
    loadKeyNetworkAlertNotices(organizationId, key.id),
    keyActivityByKey([key.id], now),
    loadOrganizationSettings(organizationId),
  ]);
  const row =
    key.revokedAt === null
      ? toApiKeyRow(key, {
          hourly: [],
          requests24h: usage.last24h.requests,
          rateLimited24h: usage.last24h.rateLimited,
          requests7d: usage.last7d.requests,
          rateLimited7d: usage.last7d.rateLimited,
        })
      : null;
  return {
    key: {
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      maskedKey: maskedKey(key.prefix),
      status,
      createdAt: key.createdAt.toISOString(),
      createdByName: createdByLabel(key),
      lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
      expiresAt: key.expiresAt?.toISOString() ?? null,
      revokedAt: key.revokedAt?.toISOString() ?? null,
      revokedByName: key.revokedByName,
      replacedBy:
        key.replacedById && key.replacement !== null && !key.replacement.revoked
          ? { id: key.replacedById, name: key.replacement.name }
          : null,
      allowedAddresses: key.allowedAddresses,
      permissions: key.permissions,
    },
    row,
    usage,
    recentRequests,
    stillTried,
    networkAlerts,
    health: needsAttention([key], activity.use, organization.policy, now),
    policy: keyPolicyView(organization.policy),
  };
}
