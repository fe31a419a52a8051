import { z } from "zod";
import { stripControlCharacters } from "../format/plain-text";
import { describeWebhookEvent, isFailingDisable, WEBHOOKS_ACTOR } from "./describe-webhooks";

export { WEBHOOKS_ACTOR } from "./describe-webhooks";

/**
 * Activity sentences, without the actor ("revoked “Zapier — production” (glyk_AbCd…)"): the
 * page puts the actor's name (or "Unknown") in front. Built on the server from the stored
 * details, parsed here, so a malformed or unfamiliar row reads as a plain "changed" line.
 */
export interface DescribableEvent {
  action: string;
  keyName: string;
  keyPrefix: string;
  details: unknown;
}

const createdDetails = z.object({ expiresInDays: z.number().nullable(), permissionsLabel: z.string().optional() });
const renamedDetails = z.object({ previousName: z.string() });
const networkAlertDetails = z.object({ network: z.string() });
const rolledDetails = z.object({
  replacementPrefix: z.string(),
  graceSeconds: z.number(),
  // Recorded since rolls carry allowed addresses (older events have none of these).
  allowedAddresses: z.array(z.string()).optional(),
  endedGracePrefix: z.string().nullable().optional(),
});
const graceEndedDetails = z.object({ replacementPrefix: z.string() });
const expiryDetails = z.object({ expiresInDays: z.number().nullable() });
const allowedAddressesDetails = z.object({ allowedAddresses: z.array(z.string()) });
// `label` is how the permissions read when they were set ("Read-only", "Custom: …").
const permissionsDetails = z.object({ permissions: z.array(z.string()), label: z.string().optional() });
// "Maximum key lifetime: 90 days", one per policy that changed (lib/api-keys/commands/policies.ts).
const policiesDetails = z.object({ changes: z.array(z.string()) });

const secretScanningDetails = z.object({
  actor: z.literal("secret_scanning"),
  source: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
});

const quoted = (name: string) => `“${name}”`;
const shortPrefix = (prefix: string) => `${prefix}…`;

/** Shown as the actor of expiries the daily job makes under an organization's key policies. */
export const KEY_POLICIES_ACTOR = "Key policies";

/** Shown as the actor of events no person made: a revocation by secret scanning. */
export const SECRET_SCANNING_ACTOR = "Secret scanning";

/**
 * Who to show for an event: secret scanning when its details carry the marker (its actorId is
 * null on purpose), the webhooks job for an endpoint it disabled, else the person's name — null
 * (→ "Unknown") when they are gone.
 */
export function actorLabel(event: {
  action?: string;
  details: unknown;
  actorName: string | null;
  actorKeyName?: string | null;
  actorKeyPrefix?: string | null;
}): string | null {
  if (event.action === "api_key.expired_by_policy") return KEY_POLICIES_ACTOR;
  if (isFailingDisable(event)) return WEBHOOKS_ACTOR;
  if (event.actorKeyName && event.actorKeyPrefix) {
    return `API key ${quoted(event.actorKeyName)} (${shortPrefix(event.actorKeyPrefix)})`;
  }
  return secretScanningDetails.safeParse(event.details).success ? SECRET_SCANNING_ACTOR : event.actorName;
}

/** "in a public commit" style wording for GitHub's `source` values; anything else is quoted as sent. */
export function foundWhere(source: string | null | undefined): string {
  if (!source) return "in public";
  const known: Record<string, string> = {
    content: "in a public repository",
    commit: "in a public commit",
    npm: "in a published npm package",
    pull_request_title: "in a pull request title",
    pull_request_description: "in a pull request description",
    pull_request_comment: "in a pull request comment",
    issue_title: "in an issue title",
    issue_description: "in an issue description",
    issue_comment: "in an issue comment",
    discussion_title: "in a discussion title",
    discussion_body: "in a discussion",
    discussion_comment: "in a discussion comment",
    commit_comment: "in a commit comment",
    gist_content: "in a public gist",
    gist_comment: "in a gist comment",
    wiki_content: "in a public wiki",
    wiki_commit: "in a wiki commit",
  };
  // Stored as sent before control characters were stripped on the way in: stripped here too.
  return known[source] ?? `in public (${stripControlCharacters(source).slice(0, 60)})`;
}

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
}

/** "192.0.2.0/24, 198.51.100.7 and 2 more" */
function addressList(entries: string[]): string {
  const shown = entries.slice(0, 3).join(", ");
  return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
}

function gracePeriod(seconds: number): string {
  if (seconds <= 0) return "ending the old key immediately";
  // Shorter than chosen when the old key was due to expire sooner anyway.
  if (seconds < 3600) return `with a ${Math.max(1, Math.round(seconds / 60))}-minute grace period`;
  const hours = Math.round(seconds / 3600);
  if (hours <= 24) return `with a ${hours}-hour grace period`;
  return `with a ${Math.round(hours / 24)}-day grace period`;
}

export function describeAuditEvent(event: DescribableEvent): string {
  // About an endpoint, not a key: no key name or prefix to show.
  const webhook = describeWebhookEvent(event.action, event.details);
  if (webhook !== null) return webhook;
  const key = `${quoted(event.keyName)} (${shortPrefix(event.keyPrefix)})`;
  switch (event.action) {
    case "api_key.created": {
      const details = createdDetails.safeParse(event.details);
      const lifetime = details.success ? details.data.expiresInDays : null;
      const label = details.success ? details.data.permissionsLabel : undefined;
      const created = lifetime === null ? `created ${key}` : `created ${key}, expiring after ${days(lifetime)}`;
      return label ? `${created}, with ${label}` : created;
    }
    case "api_key.revoked": {
      const details = secretScanningDetails.safeParse(event.details);
      if (!details.success) return `revoked ${key}`;
      return `revoked ${key} after it was found ${foundWhere(details.data.source)}`;
    }
    case "api_key.leak_dismissed":
      return `dismissed the leak notice of ${key}`;
    case "api_key.network_alert_dismissed": {
      const details = networkAlertDetails.safeParse(event.details);
      if (!details.success) return `dismissed a new-network notice of ${key}`;
      return `dismissed the notice that ${key} was used from ${details.data.network}`;
    }
    case "api_key.renamed": {
      const details = renamedDetails.safeParse(event.details);
      if (!details.success) return `renamed ${key}`;
      return `renamed ${quoted(details.data.previousName)} (${shortPrefix(event.keyPrefix)}) to ${quoted(event.keyName)}`;
    }
    case "api_key.rolled": {
      const details = rolledDetails.safeParse(event.details);
      if (!details.success) return `rolled ${key}`;
      const replacement = shortPrefix(details.data.replacementPrefix);
      const rolled = `rolled ${key} to a new key (${replacement}), ${gracePeriod(details.data.graceSeconds)}`;
      const { allowedAddresses, endedGracePrefix } = details.data;
      // What limits the replacement, carried from the old key (the name and lifetime always
      // carry over); an unrestricted key had nothing to carry, and its sentence stays short.
      const kept =
        allowedAddresses && allowedAddresses.length > 0
          ? `; the new key keeps its allowed addresses (${addressList(allowedAddresses)})`
          : "";
      const ended = endedGracePrefix ? `; the key before it (${shortPrefix(endedGracePrefix)}) stopped working` : "";
      return rolled + kept + ended;
    }
    case "api_key.grace_ended": {
      const details = graceEndedDetails.safeParse(event.details);
      if (!details.success) return `ended the grace period of ${key}`;
      const replacement = shortPrefix(details.data.replacementPrefix);
      return `ended the grace period of ${key} early, as its replacement (${replacement}) was rolled`;
    }
    case "api_key.permissions_changed": {
      const details = permissionsDetails.safeParse(event.details);
      if (!details.success) return `changed the permissions of ${key}`;
      const { label, permissions } = details.data;
      return `changed the permissions of ${key} to ${label ?? permissions.join(", ")}`;
    }
    case "api_key.kept":
      return `kept ${key} although it was not used for 30 days`;
    case "api_key.expired_by_policy": {
      const unused = (event.details as { reason?: string } | null)?.reason === "unused";
      return unused
        ? `expired ${key}, unused for longer than the organization's policy allows`
        : `expired ${key}, which still broke a key policy on its enforcement date`;
    }
    case "api_key.expiry_changed": {
      const details = expiryDetails.safeParse(event.details);
      if (!details.success) return `changed when ${key} expires`;
      const after = details.data.expiresInDays;
      return after === null ? `removed the expiry of ${key}` : `set ${key} to expire after ${days(after)}`;
    }
    case "api_key.allowed_addresses_changed": {
      const details = allowedAddressesDetails.safeParse(event.details);
      if (!details.success) return `changed the allowed addresses of ${key}`;
      const entries = details.data.allowedAddresses;
      if (entries.length === 0) return `removed the allowed addresses of ${key}: any address may use it`;
      return `limited ${key} to ${addressList(entries)}`;
    }
    case "organization.policies_changed": {
      // About the organization, not a key: no key name or prefix to show.
      const details = policiesDetails.safeParse(event.details);
      if (!details.success || details.data.changes.length === 0) return "changed the key policies";
      return `changed the key policies: ${details.data.changes.map(stripControlCharacters).join("; ")}`;
    }
    default:
      return `changed ${key}`;
  }
}
