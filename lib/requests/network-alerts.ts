import { randomUUID } from "node:crypto";
import type { Prisma } from "../db/generated/client";
import { newNetworkEmail } from "../email/messages";
import { keyAdminEmails } from "../email/recipients";
import { enqueue } from "../outbox/outbox";
import { writeWebhookEvent } from "../webhooks/events";
import { ALERT_EVERY_MS, type NewNetwork } from "./key-networks";

/**
 * What a new network sets off, once (key-networks.ts finds it): the alert row the notices read,
 * the owners' and admins' email and the key.new_network webhook event — all in the flush's
 * transaction.
 */
type Tx = Prisma.TransactionClient;

/** The class of the transaction-scoped advisory locks below ("netw"); the other key is the pair's hash. */
const ALERT_LOCK_CLASS = 0x6e657477;

/**
 * The alerts for the networks writeNetworks found, each with its email in the outbox. Runs last
 * in the batch's transaction, and only when something was found (rarely). It first takes a
 * transaction-scoped lock per key and network (pg_advisory_xact_lock: released at COMMIT, so it
 * works through a transaction pooler; taken in hash order, and after every row this transaction
 * writes, so it cannot deadlock with another flush or with a key command), then, in a statement
 * that sees what was committed meanwhile, inserts an alert only where none of that key and
 * network is younger than ALERT_EVERY_MS. Flushes that all found the network new, on any number
 * of instances, therefore make one alert between them. Returns the webhook deliveries of
 * their key.new_network events.
 */
export async function raiseNetworkAlerts(tx: Tx, found: NewNetwork[]): Promise<string[]> {
  if (found.length === 0) return [];
  const pairs = [...new Set(found.map((row) => `${row.apiKeyId} ${row.network}`))];
  await tx.$executeRaw`
    SELECT pg_advisory_xact_lock(${ALERT_LOCK_CLASS}::int, s."k") FROM (
      SELECT DISTINCT hashtext(p) AS "k" FROM unnest(${pairs}::text[]) p ORDER BY "k"
    ) s`;
  const candidates = found.map((row) => ({ ...row, id: randomUUID() }));
  const made = await tx.$queryRaw<{ id: string }[]>`
    WITH c AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(candidates)}::jsonb)
        AS c("id" text, "apiKeyId" text, "organizationId" text, "network" text, "firstAt" bigint,
             "address" text, "userAgent" text)
    )
    INSERT INTO "KeyNetworkAlert"
      ("id", "organizationId", "apiKeyId", "network", "address", "userAgent", "firstRequestAt", "createdAt")
    SELECT c."id", c."organizationId", c."apiKeyId", c."network", c."address", c."userAgent",
        to_timestamp(c."firstAt" / 1000.0) AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM c
      WHERE NOT EXISTS (
        SELECT 1 FROM "KeyNetworkAlert" a
        WHERE a."apiKeyId" = c."apiKeyId" AND a."network" = c."network"
          AND a."firstRequestAt" > to_timestamp((c."firstAt" - ${ALERT_EVERY_MS}) / 1000.0) AT TIME ZONE 'UTC')
    RETURNING "id"`;
  if (made.length === 0) return [];
  const madeIds = new Set(made.map((row) => row.id));
  const alerts = candidates.filter((row) => madeIds.has(row.id));
  const keys = await tx.apiKey.findMany({
    where: { id: { in: [...new Set(alerts.map((row) => row.apiKeyId))] } },
    select: { id: true, name: true, prefix: true, organization: { select: { name: true } } },
  });
  const byId = new Map(keys.map((key) => [key.id, key]));
  const admins = new Map<string, string[]>();
  const deliveries: string[] = [];
  for (const alert of alerts) {
    const key = byId.get(alert.apiKeyId);
    if (!key) continue;
    // The alert's id makes the event once per alert, whichever flush made it.
    deliveries.push(
      ...(await writeWebhookEvent(tx, {
        organizationId: alert.organizationId,
        type: "key.new_network",
        keyId: key.id,
        actor: { type: "system", name: "New-network alerts" },
        data: {
          network: alert.network,
          address: alert.address,
          userAgent: alert.userAgent,
          firstRequestAt: new Date(alert.firstAt).toISOString(),
        },
        dedupeKey: `key.new_network:${alert.id}`,
        now: new Date(),
      })),
    );
    let to = admins.get(alert.organizationId);
    if (!to) {
      to = await keyAdminEmails(alert.organizationId, tx);
      admins.set(alert.organizationId, to);
    }
    if (to.length === 0) continue;
    await enqueue(tx, {
      kind: "email",
      payload: newNetworkEmail({
        to,
        organization: key.organization.name,
        key,
        network: alert.network,
        address: alert.address,
        userAgent: alert.userAgent,
        firstRequestAt: new Date(alert.firstAt),
      }),
    });
  }
  return deliveries;
}
