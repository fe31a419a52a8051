import type { Prisma } from "../db/generated/client";

/**
 * What admins did to API keys. Each event is written by the transaction that makes the change,
 * so there is never a change without its record or a record of a change that rolled back.
 * Events name the key by its name and display prefix: never the key, never its hash.
 */
export type AuditEventInput =
  | {
      action: "api_key.created";
      details: { expiresInDays: number | null; permissions?: string[]; permissionsLabel?: string };
    }
  | { action: "api_key.revoked"; details?: undefined }
  | { action: "api_key.revoked"; details: SecretScanningDetails }
  | { action: "api_key.renamed"; details: { previousName: string } }
  | {
      action: "api_key.rolled";
      details: {
        replacementId: string;
        replacementPrefix: string;
        graceSeconds: number;
        oldExpiresAt: string;
        /** Carried to the replacement (lib/api-keys/roll-carries.ts); absent on older events. */
        allowedAddresses: string[];
        lifetimeDays: number | null;
        /** The key before the rolled one, whose grace period this roll ended. */
        endedGracePrefix: string | null;
      };
    }
  | {
      /** A rolled key stopped before its grace period ended, because its replacement was rolled. */
      action: "api_key.grace_ended";
      details: {
        reason: "replacement_rolled";
        replacementId: string;
        replacementPrefix: string;
        previousExpiresAt: string | null;
      };
    }
  | { action: "api_key.expiry_changed"; details: { expiresInDays: number | null; previousExpiresAt: string | null } }
  | {
      action: "api_key.allowed_addresses_changed";
      details: { allowedAddresses: string[]; previousAllowedAddresses: string[] };
    }
  | {
      action: "api_key.permissions_changed";
      details: { permissions: string[]; previousPermissions: string[]; label: string };
    }
  | { action: "api_key.leak_dismissed"; details: { leakId: string } }
  | { action: "api_key.kept"; details: { until: string } }
  | {
      /** An owner changed the organization's key policies (no key: keyName and keyPrefix are ""). */
      action: "organization.policies_changed";
      details: { changes: string[] };
    }
  | {
      /** The daily job expired a key: unused too long, or still breaking a policy after its enforcement date. */
      action: "api_key.expired_by_policy";
      details: { reason: "unused" | "policy"; policy: string; lastUsedAt?: string | null };
    }
  | { action: "api_key.network_alert_dismissed"; details: { alertId: string; network: string } }
  /** Webhook endpoints (no key: keyName and keyPrefix are ""); the URL as it was then. */
  | { action: "webhook.endpoint_added"; details: { endpointId: string; url: string; events: string[] } }
  | { action: "webhook.endpoint_deleted"; details: { endpointId: string; url: string } }
  | {
      action: "webhook.endpoint_disabled";
      /** "failing": every attempt failed for 5 days (no person acted). */
      details: { endpointId: string; url: string; reason: "manual" | "failing" };
    }
  | { action: "webhook.endpoint_enabled"; details: { endpointId: string; url: string } }
  | { action: "webhook.secret_rolled"; details: { endpointId: string; url: string } };

/**
 * A revocation by secret scanning: no person acted (actorId is null), and this marker is what
 * shows "Secret scanning" as the actor instead of "Unknown". Where the key was found, never the
 * token itself.
 */
export type SecretScanningDetails = {
  actor: "secret_scanning";
  reporter: string;
  tokenType: string;
  url: string | null;
  source: string | null;
};

export type AuditAction = AuditEventInput["action"];

export interface AuditSubject {
  organizationId: string;
  /** The admin who acted (from the session); null for secret scanning (see SecretScanningDetails). */
  actorId: string | null;
  /** The API key that acted through the management API (actorId is then null). */
  actorKey?: { id: string; name: string; prefix: string } | null;
  /** Null for events about the organization (its policies). */
  apiKeyId: string | null;
  /** The key's name after the change (for a rename: the new name). */
  keyName: string;
  keyPrefix: string;
}

export async function recordAuditEvent(
  tx: Prisma.TransactionClient,
  subject: AuditSubject,
  event: AuditEventInput,
): Promise<void> {
  await tx.auditEvent.create({
    data: {
      organizationId: subject.organizationId,
      actorId: subject.actorId,
      actorKeyId: subject.actorKey?.id ?? null,
      actorKeyName: subject.actorKey?.name ?? null,
      actorKeyPrefix: subject.actorKey?.prefix ?? null,
      apiKeyId: subject.apiKeyId,
      keyName: subject.keyName,
      keyPrefix: subject.keyPrefix,
      action: event.action,
      details: event.details ?? undefined,
    },
  });
}
