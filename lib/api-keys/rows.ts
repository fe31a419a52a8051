import { z } from "zod";
import { maskedKey } from "./format";
import { type ApiKeySummary, keyUsage, listActiveKeys } from "./service";

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
});
export type ApiKeyRow = z.infer<typeof apiKeyRowSchema>;

export function toApiKeyRow(summary: ApiKeySummary): ApiKeyRow {
  return apiKeyRowSchema.parse({
    id: summary.id,
    name: summary.name,
    maskedKey: maskedKey(summary.prefix),
    createdAt: summary.createdAt.toISOString(),
    createdByName: summary.createdByName,
    lastUsedAt: summary.lastUsedAt?.toISOString() ?? null,
  });
}

export interface ApiKeyTable {
  rows: ApiKeyRow[];
  usage: { active: number; limit: number };
}

/** Everything the settings page shows about an organization's keys, newest first. */
export async function loadApiKeyTable(organizationId: string): Promise<ApiKeyTable> {
  const [keys, usage] = await Promise.all([listActiveKeys(organizationId), keyUsage(organizationId)]);
  return { rows: keys.map(toApiKeyRow), usage };
}
