import { z } from "zod";
import { db } from "../db/client";
import { RECORD_ID } from "../db/record-id";
import { shownUserAgent } from "../email/messages";

/**
 * The new-network notices (lib/requests/network-alerts.ts makes the alerts at flush time): on
 * Settings → API for the organization's keys, and on a key's own page for that key, until an
 * admin dismisses them. Each load is one statement. The user agent came from a client: it is
 * stripped of control characters here, before it reaches a page.
 */
export const networkAlertNoticeSchema = z.object({
  id: z.string(),
  keyId: z.string(),
  keyName: z.string(),
  /** "203.0.113.0/24", "2001:db8:1::/48". */
  network: z.string(),
  address: z.string(),
  userAgent: z.string(),
  firstRequestAt: z.iso.datetime(),
});
export type NetworkAlertNotice = z.infer<typeof networkAlertNoticeSchema>;

export const dismissNetworkAlertInputSchema = z.object({
  alertId: z
    .string({ error: "Choose a notice to dismiss." })
    .trim()
    .regex(RECORD_ID, "This notice doesn't exist. Reload the page."),
});
export type DismissNetworkAlertInput = z.input<typeof dismissNetworkAlertInputSchema>;

const MAX_NOTICES = 20;

const rowSchema = z.object({
  id: z.string(),
  keyId: z.string(),
  keyName: z.string(),
  network: z.string(),
  address: z.string(),
  userAgent: z.string().nullable(),
  firstRequestAt: z.date(),
});

function toNotice(row: unknown): NetworkAlertNotice {
  const alert = rowSchema.parse(row);
  return networkAlertNoticeSchema.parse({
    ...alert,
    userAgent: shownUserAgent(alert.userAgent),
    firstRequestAt: alert.firstRequestAt.toISOString(),
  });
}

/** One statement: the organization's undismissed new-network alerts, newest first. */
export async function loadNetworkAlertNotices(organizationId: string): Promise<NetworkAlertNotice[]> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT a."id", a."apiKeyId" AS "keyId", k."name" AS "keyName", a."network", a."address", a."userAgent",
        a."firstRequestAt"
    FROM "KeyNetworkAlert" a JOIN "ApiKey" k ON k."id" = a."apiKeyId"
    WHERE a."organizationId" = ${organizationId} AND a."dismissedAt" IS NULL
    ORDER BY a."firstRequestAt" DESC, a."id" DESC
    LIMIT ${MAX_NOTICES}`;
  return rows.map(toNotice);
}

/** One statement: one key's undismissed new-network alerts (scoped by the organization too). */
export async function loadKeyNetworkAlertNotices(organizationId: string, keyId: string): Promise<NetworkAlertNotice[]> {
  const rows = await db.$queryRaw<unknown[]>`
    SELECT a."id", a."apiKeyId" AS "keyId", k."name" AS "keyName", a."network", a."address", a."userAgent",
        a."firstRequestAt"
    FROM "KeyNetworkAlert" a JOIN "ApiKey" k ON k."id" = a."apiKeyId"
    WHERE a."apiKeyId" = ${keyId} AND a."organizationId" = ${organizationId} AND a."dismissedAt" IS NULL
    ORDER BY a."firstRequestAt" DESC, a."id" DESC
    LIMIT ${MAX_NOTICES}`;
  return rows.map(toNotice);
}
