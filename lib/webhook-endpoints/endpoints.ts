import { type Actor, inOrganization } from "../api-keys/commands/key-change";
import { DomainError } from "../domain-error";
import { endpointUrlProblem, type Resolver } from "../webhooks/addresses";
import { allowsLocalReceivers, EncryptionKeyMissing, encryptionKey } from "../webhooks/config";
import "../webhooks/deliver";
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from "../webhook-event-types";
import { seal } from "../webhooks/secret-box";
import { newSigningSecret, secretHint } from "../webhooks/signing";

/**
 * What admins do to webhook endpoints (Settings → API → Webhooks). Each is a change of the
 * organization by the recipe every key change follows (lib/api-keys/commands/key-change.ts):
 * under the organization's lock, audited in the same transaction. A signing secret is returned
 * once, by add and roll, and stored only sealed (lib/webhooks/secret-box.ts).
 */

/** Endpoints per organization: enough for a SIEM, a chat bot and a few more. */
export const MAX_ENDPOINTS = 10;
/** After a roll, the previous secret also signs for this long. */
export const ROLL_OVERLAP_MS = 24 * 3_600_000;
/** The event types an endpoint can choose (the test event is sent on request only). */
export const SUBSCRIBABLE_EVENTS: readonly WebhookEventType[] = WEBHOOK_EVENT_TYPES.filter(
  (type) => type !== "webhook.test",
);

export class WebhookError extends DomainError {
  override name = "WebhookError";
}

function sealedKey(): Buffer {
  try {
    return encryptionKey();
  } catch (error) {
    if (error instanceof EncryptionKeyMissing) {
      throw new WebhookError(
        "invalid_input",
        "Webhooks are not set up on this server: WEBHOOK_ENCRYPTION_KEY is missing. Ask whoever runs Glyphic to set it.",
      );
    }
    throw error;
  }
}

export interface AddEndpointInput {
  url: string;
  /** Empty: every event. */
  events: readonly WebhookEventType[];
}

/** Tests: checks an URL as production would, with a stand-in resolver. */
export interface UrlCheck {
  allowLocal?: boolean;
  resolve?: Resolver;
}

async function assertUsableUrl(url: string, check: UrlCheck = {}): Promise<string> {
  const problem = await endpointUrlProblem(url, {
    allowLocal: check.allowLocal ?? allowsLocalReceivers(),
    resolve: check.resolve,
  });
  if (problem) throw new WebhookError("invalid_input", problem, "url");
  return new URL(url.trim()).toString();
}

export interface AddedEndpoint {
  id: string;
  url: string;
  /** The signing secret: shown once, here. */
  secret: string;
}

export async function addWebhookEndpoint(
  actor: Actor,
  input: AddEndpointInput,
  check?: UrlCheck,
): Promise<AddedEndpoint> {
  // Resolved before the organization's lock: DNS may take a while and holds nothing.
  const url = await assertUsableUrl(input.url, check);
  const key = sealedKey();
  const events = [...new Set(input.events)].filter((type) => SUBSCRIBABLE_EVENTS.includes(type));
  const secret = newSigningSecret();
  return inOrganization(actor, async ({ tx, audit, now }) => {
    const count = await tx.webhookEndpoint.count({ where: { organizationId: actor.organizationId } });
    if (count >= MAX_ENDPOINTS) {
      throw new WebhookError(
        "limit_reached",
        `You have ${MAX_ENDPOINTS} endpoints, the most an organization can have. Delete one to add another.`,
      );
    }
    const id = `whe_${crypto.randomUUID().replaceAll("-", "")}`;
    await tx.webhookEndpoint.create({
      data: {
        id,
        organizationId: actor.organizationId,
        url,
        events,
        secretCiphertext: seal(key, secret, id),
        secretPrefix: secretHint(secret),
        createdAt: now,
        createdById: actor.userId,
      },
    });
    await audit(null, { action: "webhook.endpoint_added", details: { endpointId: id, url, events } });
    return { id, url, secret };
  });
}

export async function findEndpoint(
  tx: Parameters<Parameters<typeof inOrganization>[1]>[0]["tx"],
  organizationId: string,
  endpointId: string,
) {
  const endpoint = await tx.webhookEndpoint.findFirst({
    where: { id: endpointId, organizationId },
    select: { id: true, url: true, disabledAt: true },
  });
  if (!endpoint) throw new WebhookError("not_found", "This endpoint no longer exists. Reload the page.");
  return endpoint;
}

export async function setWebhookEndpointEnabled(actor: Actor, endpointId: string, enabled: boolean): Promise<void> {
  await inOrganization(actor, async ({ tx, audit, now }) => {
    const endpoint = await findEndpoint(tx, actor.organizationId, endpointId);
    if ((endpoint.disabledAt === null) === enabled) return;
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      // Enabling starts the failure clock afresh: 5 more days before it is disabled again.
      data: enabled
        ? { disabledAt: null, disabledReason: null, failingSince: null }
        : { disabledAt: now, disabledReason: "manual" },
    });
    await audit(
      null,
      enabled
        ? { action: "webhook.endpoint_enabled", details: { endpointId: endpoint.id, url: endpoint.url } }
        : {
            action: "webhook.endpoint_disabled",
            details: { endpointId: endpoint.id, url: endpoint.url, reason: "manual" },
          },
    );
  });
}

export async function deleteWebhookEndpoint(actor: Actor, endpointId: string): Promise<void> {
  await inOrganization(actor, async ({ tx, audit }) => {
    const endpoint = await findEndpoint(tx, actor.organizationId, endpointId);
    // Its deliveries go with it; their outbox messages find nothing to send and are dropped.
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await audit(null, { action: "webhook.endpoint_deleted", details: { endpointId: endpoint.id, url: endpoint.url } });
  });
}

/** A new secret, returned once; the current one keeps signing beside it for ROLL_OVERLAP_MS. */
export async function rollWebhookSecret(
  actor: Actor,
  endpointId: string,
): Promise<{ secret: string; previousValidUntil: Date }> {
  const key = sealedKey();
  const secret = newSigningSecret();
  return inOrganization(actor, async ({ tx, audit, now }) => {
    const endpoint = await findEndpoint(tx, actor.organizationId, endpointId);
    const current = await tx.webhookEndpoint.findUniqueOrThrow({
      where: { id: endpoint.id },
      select: { secretCiphertext: true },
    });
    const previousValidUntil = new Date(now.getTime() + ROLL_OVERLAP_MS);
    await tx.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: {
        secretCiphertext: seal(key, secret, endpoint.id),
        secretPrefix: secretHint(secret),
        previousSecretCiphertext: current.secretCiphertext,
        previousSecretExpiresAt: previousValidUntil,
      },
    });
    await audit(null, { action: "webhook.secret_rolled", details: { endpointId: endpoint.id, url: endpoint.url } });
    return { secret, previousValidUntil };
  });
}
