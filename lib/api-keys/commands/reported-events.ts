import type { AuditEventInput } from "../../audit/events";
import type { WebhookEventType } from "../../webhook-event-types";

/**
 * Which audit events of the key-change recipe are reported to webhooks, and as what. Every key
 * change already writes an audit event in its transaction (lib/api-keys/commands/key-change.ts),
 * so reporting hangs off that one place: a new command is reported as soon as it is audited and
 * listed here. Changes nobody outside needs (a dismissed notice, a Keep) are not sent.
 */
export interface ReportedEvent {
  type: WebhookEventType;
  data?: Record<string, unknown>;
}

export function webhookEventsFor(event: AuditEventInput): ReportedEvent[] {
  switch (event.action) {
    case "api_key.created":
      return [{ type: "key.created" }];
    case "api_key.renamed":
      return [{ type: "key.updated", data: { changes: ["name"], previousName: event.details.previousName } }];
    case "api_key.expiry_changed":
      return [{ type: "key.updated", data: { changes: ["expiresAt"] } }];
    case "api_key.permissions_changed":
      return [
        {
          type: "key.updated",
          data: { changes: ["permissions"], previousPermissions: event.details.previousPermissions },
        },
      ];
    case "api_key.allowed_addresses_changed":
      return [
        {
          type: "key.updated",
          data: { changes: ["allowedAddresses"], previousAllowedAddresses: event.details.previousAllowedAddresses },
        },
      ];
    case "api_key.grace_ended":
      return [{ type: "key.updated", data: { changes: ["expiresAt"], reason: "replacement_rolled" } }];
    case "api_key.expired_by_policy":
      return [
        { type: "key.updated", data: { changes: ["expiresAt"], reason: `expired_by_policy_${event.details.reason}` } },
      ];
    case "api_key.rolled":
      return [
        {
          type: "key.rolled",
          data: {
            replacement: { id: event.details.replacementId, prefix: event.details.replacementPrefix },
            graceSeconds: event.details.graceSeconds,
          },
        },
      ];
    case "api_key.revoked": {
      const leak = event.details;
      if (!leak) return [{ type: "key.revoked" }];
      const where = { reporter: leak.reporter, tokenType: leak.tokenType, url: leak.url, source: leak.source };
      return [
        { type: "key.revoked", data: { reason: "leaked" } },
        { type: "key.leaked", data: { leak: where } },
      ];
    }
    case "organization.policies_changed":
      return [{ type: "policy.updated", data: { changes: event.details.changes } }];
    case "api_key.leak_dismissed":
    case "api_key.kept":
    case "api_key.network_alert_dismissed":
    case "webhook.endpoint_added":
    case "webhook.endpoint_deleted":
    case "webhook.endpoint_disabled":
    case "webhook.endpoint_enabled":
    case "webhook.secret_rolled":
      return [];
  }
}

/**
 * One change may write several audit events about one key (PATCH: a name and an expiry): the
 * receiver gets one key.updated listing every change.
 */
export function mergeUpdates(events: { keyId: string | null; event: ReportedEvent }[]) {
  const merged: { keyId: string | null; event: ReportedEvent }[] = [];
  for (const entry of events) {
    const same =
      entry.event.type === "key.updated" &&
      merged.find((other) => other.event.type === "key.updated" && other.keyId === entry.keyId);
    if (!same) {
      merged.push({ keyId: entry.keyId, event: { ...entry.event, data: { ...entry.event.data } } });
      continue;
    }
    const data = same.event.data as Record<string, unknown>;
    const { changes, ...rest } = entry.event.data as { changes: string[] };
    same.event.data = { ...rest, ...data, changes: [...new Set([...(data.changes as string[]), ...changes])] };
  }
  return merged;
}
