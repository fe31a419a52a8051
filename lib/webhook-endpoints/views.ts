import { db } from "../db/client";
import { RETRY_POLICIES } from "../outbox/outbox";
import type { WebhookEventType } from "../webhook-event-types";

/** What Settings → API's Webhooks section and an endpoint's page show. Never a secret. */

export type EndpointState = "enabled" | "failing" | "disabled";

export interface WebhookEndpointSummary {
  id: string;
  url: string;
  /** Empty: every event. */
  events: WebhookEventType[];
  /** "whsec_abcd…": enough to tell secrets apart, never to sign. */
  secretHint: string;
  /** The previous secret still signs until then (after a roll). */
  previousSecretValidUntil: string | null;
  state: EndpointState;
  disabledReason: "manual" | "failing" | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  createdAt: string;
}

export type DeliveryState = "delivered" | "retrying" | "failed" | "pending";

export interface WebhookDeliveryRow {
  id: string;
  eventId: string;
  type: string;
  createdAt: string;
  attempts: number;
  maxAttempts: number;
  lastAttemptAt: string | null;
  status: number | null;
  durationMs: number | null;
  error: string | null;
  state: DeliveryState;
  /** When the next scheduled attempt is due (retrying only). */
  nextAttemptAt: string | null;
}

/** Deliveries an endpoint's page lists, newest first. */
export const DELIVERIES_SHOWN = 100;

const iso = (date: Date | null) => (date ? date.toISOString() : null);

type EndpointRow = {
  id: string;
  url: string;
  events: string[];
  secretPrefix: string;
  previousSecretExpiresAt: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  failingSince: Date | null;
  lastSuccessAt: Date | null;
  createdAt: Date;
};

const ENDPOINT_FIELDS = {
  id: true,
  url: true,
  events: true,
  secretPrefix: true,
  previousSecretExpiresAt: true,
  disabledAt: true,
  disabledReason: true,
  failingSince: true,
  lastSuccessAt: true,
  createdAt: true,
} as const;

function summary(row: EndpointRow, now: Date): WebhookEndpointSummary {
  return {
    id: row.id,
    url: row.url,
    events: row.events as WebhookEventType[],
    secretHint: row.secretPrefix,
    previousSecretValidUntil:
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now
        ? row.previousSecretExpiresAt.toISOString()
        : null,
    state: row.disabledAt ? "disabled" : row.failingSince ? "failing" : "enabled",
    disabledReason: row.disabledAt ? ((row.disabledReason as "manual" | "failing" | null) ?? "manual") : null,
    failingSince: iso(row.failingSince),
    lastSuccessAt: iso(row.lastSuccessAt),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listWebhookEndpoints(
  organizationId: string,
  now = new Date(),
): Promise<WebhookEndpointSummary[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: { organizationId },
    select: ENDPOINT_FIELDS,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((row) => summary(row, now));
}

export interface WebhookEndpointPage {
  endpoint: WebhookEndpointSummary;
  deliveries: WebhookDeliveryRow[];
}

/** The endpoint (scoped by organization) and its last DELIVERIES_SHOWN deliveries; null if not found. */
export async function loadWebhookEndpointPage(
  organizationId: string,
  endpointId: string,
  now = new Date(),
): Promise<WebhookEndpointPage | null> {
  const endpoint = await db.webhookEndpoint.findFirst({
    where: { id: endpointId, organizationId },
    select: ENDPOINT_FIELDS,
  });
  if (!endpoint) return null;
  const rows = await db.$queryRaw<
    {
      id: string;
      eventId: string;
      type: string;
      createdAt: Date;
      attempts: number;
      lastAttemptAt: Date | null;
      lastStatus: number | null;
      lastDurationMs: number | null;
      lastError: string | null;
      deliveredAt: Date | null;
      failedAt: Date | null;
      availableAt: Date | null;
      outboxFailedAt: Date | null;
    }[]
  >`
    SELECT d."id", d."eventId", ev."type", d."createdAt", d."attempts", d."lastAttemptAt", d."lastStatus",
      d."lastDurationMs", d."lastError", d."deliveredAt", d."failedAt",
      m."availableAt", m."failedAt" AS "outboxFailedAt"
    FROM "WebhookDelivery" d
    JOIN "WebhookEvent" ev ON ev."id" = d."eventId"
    LEFT JOIN "OutboxMessage" m ON m."id" = d."id"
    WHERE d."endpointId" = ${endpoint.id}
    ORDER BY d."createdAt" DESC, d."id" DESC
    LIMIT ${DELIVERIES_SHOWN}`;
  const maxAttempts = RETRY_POLICIES.webhook.maxAttempts;
  return {
    endpoint: summary(endpoint, now),
    deliveries: rows.map((row) => {
      const state: DeliveryState = row.deliveredAt
        ? "delivered"
        : row.failedAt || row.outboxFailedAt || !row.availableAt
          ? "failed"
          : row.attempts > 0
            ? "retrying"
            : "pending";
      return {
        id: row.id,
        eventId: row.eventId,
        type: row.type,
        createdAt: row.createdAt.toISOString(),
        attempts: Number(row.attempts),
        maxAttempts,
        lastAttemptAt: iso(row.lastAttemptAt),
        status: row.lastStatus === null ? null : Number(row.lastStatus),
        durationMs: row.lastDurationMs === null ? null : Number(row.lastDurationMs),
        error: row.lastError,
        state,
        nextAttemptAt: state === "retrying" ? iso(row.availableAt) : null,
      };
    }),
  };
}
