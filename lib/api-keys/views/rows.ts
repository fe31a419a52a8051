import { z } from "zod";
import { keyActivityByKey, noRequestCounts } from "../../requests/queries";
import { maskedKey } from "../format";
import { activeKeyLimit } from "../limits";
import { PERMISSIONS } from "../permissions";
import type { KeyPolicy } from "../policies";
import { holdsSlot } from "../state";
import { type NeedsAttention, needsAttention } from "./needs-attention";
import { loadOrganizationSettings } from "./policy";
import { type ApiKeySummary, listKeys } from "./summary";

const requestsSchema = z.object({
  hourly: z.array(z.number().int().nonnegative()),
  requests24h: z.number().int().nonnegative(),
  rateLimited24h: z.number().int().nonnegative(),
  requests7d: z.number().int().nonnegative(),
  rateLimited7d: z.number().int().nonnegative(),
});

/**
 * A key as it is sent to the browser. Parsing through this schema (which drops unknown fields)
 * is the one way rows leave the server, so a hash or any other column added to a query later
 * cannot reach the client by accident. The API Key column gets only the masked display prefix.
 */
export const apiKeyRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  maskedKey: z.string(),
  createdAt: z.iso.datetime(),
  /** Null → "Unknown" (the creator left the workspace, or the key predates the column). */
  createdByName: z.string().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  /** Null → never expires. Past → the key is expired (still listed until revoked). */
  expiresAt: z.iso.datetime().nullable(),
  /** Set on a rolled key: the id of its replacement (listed right above it). */
  replacedById: z.string().nullable(),
  /** Where the key may be used from (empty → anywhere): the Roll dialog says they carry over. */
  allowedAddresses: z.array(z.string()),
  /** What the key may do, canonical order (lib/api-keys/permissions.ts). */
  permissions: z.array(z.enum(PERMISSIONS)),
  /**
   * The unrevoked key this one replaced. While it is still in its grace period, rolling this key
   * ends it (one grace period per chain), and the Roll dialog says so.
   */
  previous: z.object({ maskedKey: z.string(), expiresAt: z.iso.datetime().nullable() }).nullable(),
  requests: requestsSchema,
});
export type ApiKeyRow = z.infer<typeof apiKeyRowSchema>;
export type ApiKeyRowRequests = z.infer<typeof requestsSchema>;

/**
 * Who made the key, as the table and the key page say it: the member, or the API key that
 * created it through the management API; null → "Unknown".
 */
export function createdByLabel(key: Pick<ApiKeySummary, "createdByName" | "createdByKey">): string | null {
  if (key.createdByName !== null) return key.createdByName;
  return key.createdByKey ? `API key “${key.createdByKey.name}”` : null;
}

export function toApiKeyRow(summary: ApiKeySummary, requests: ApiKeyRowRequests): ApiKeyRow {
  return apiKeyRowSchema.parse({
    id: summary.id,
    name: summary.name,
    maskedKey: maskedKey(summary.prefix),
    createdAt: summary.createdAt.toISOString(),
    createdByName: createdByLabel(summary),
    lastUsedAt: summary.lastUsedAt?.toISOString() ?? null,
    expiresAt: summary.expiresAt?.toISOString() ?? null,
    replacedById: summary.replacedById,
    allowedAddresses: summary.allowedAddresses,
    permissions: summary.permissions,
    previous: summary.previous && {
      maskedKey: maskedKey(summary.previous.prefix),
      expiresAt: summary.previous.expiresAt?.toISOString() ?? null,
    },
    requests,
  });
}

export interface ApiKeyTable {
  rows: ApiKeyRow[];
  /** Key slots in use (active keys) out of the organization's limit. */
  slots: { active: number; limit: number };
  /** The organization's key policies, read with its flags (the same statement). */
  policy: KeyPolicy;
  /** Working keys with something to fix (key health), in the table's order. */
  needsAttention: NeedsAttention[];
}

/** Everything the settings page shows about an organization's keys, newest first. */
export async function loadApiKeyTable(organizationId: string, now = new Date()): Promise<ApiKeyTable> {
  const [keys, organization] = await Promise.all([listKeys(organizationId), loadOrganizationSettings(organizationId)]);
  // The list holds every unrevoked key: those holding a slot are those holdsSlot names (the same
  // rule as slotKeyWhere), so no second query counts them.
  const unrevoked = new Set(keys.map((key) => key.id));
  const active = keys.filter((key) => holdsSlot(key, unrevoked, now)).length;
  // Request counts and, in the same statement, what each key used in the last 30 days.
  const { counts, use } = await keyActivityByKey(
    keys.map((key) => key.id),
    now,
  );
  return {
    rows: keys.map((key) => toApiKeyRow(key, counts.get(key.id) ?? noRequestCounts())),
    slots: { active, limit: activeKeyLimit(organization.features) },
    policy: organization.policy,
    needsAttention: needsAttention(keys, use, organization.policy, now),
  };
}
