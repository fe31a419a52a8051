import { z } from "zod";

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

const createdDetails = z.object({ expiresInDays: z.number().nullable() });
const renamedDetails = z.object({ previousName: z.string() });
const rolledDetails = z.object({ replacementPrefix: z.string(), graceSeconds: z.number() });
const expiryDetails = z.object({ expiresInDays: z.number().nullable() });
const allowedAddressesDetails = z.object({ allowedAddresses: z.array(z.string()) });

const quoted = (name: string) => `“${name}”`;
const shortPrefix = (prefix: string) => `${prefix}…`;

function days(count: number): string {
  return count === 1 ? "1 day" : `${count} days`;
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
  const key = `${quoted(event.keyName)} (${shortPrefix(event.keyPrefix)})`;
  switch (event.action) {
    case "api_key.created": {
      const details = createdDetails.safeParse(event.details);
      const lifetime = details.success ? details.data.expiresInDays : null;
      return lifetime === null ? `created ${key}` : `created ${key}, expiring after ${days(lifetime)}`;
    }
    case "api_key.revoked":
      return `revoked ${key}`;
    case "api_key.renamed": {
      const details = renamedDetails.safeParse(event.details);
      if (!details.success) return `renamed ${key}`;
      return `renamed ${quoted(details.data.previousName)} (${shortPrefix(event.keyPrefix)}) to ${quoted(event.keyName)}`;
    }
    case "api_key.rolled": {
      const details = rolledDetails.safeParse(event.details);
      if (!details.success) return `rolled ${key}`;
      const replacement = shortPrefix(details.data.replacementPrefix);
      return `rolled ${key} to a new key (${replacement}), ${gracePeriod(details.data.graceSeconds)}`;
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
      const shown = entries.slice(0, 3).join(", ");
      const more = entries.length > 3 ? ` and ${entries.length - 3} more` : "";
      return `limited ${key} to ${shown}${more}`;
    }
    default:
      return `changed ${key}`;
  }
}
