import { recordAuditEvent } from "../audit/events";
import { db } from "../db/client";
import { invalidateApiKey } from "./invalidation";
import { ApiKeyError, auditSubject, lockOrganization } from "./service";

/**
 * Saves a key's Allowed addresses (entries already validated and canonical: lib/http/cidr.ts).
 * Like every key mutation: under the organization's lock, the audit event in the same
 * transaction, and caches told to forget the key after the commit and before success is
 * reported, so the very next request on every instance checks the new list. Any key that is not
 * revoked may have a list. The same list again → nothing changes and nothing is recorded.
 */
export async function setAllowedAddresses(input: {
  organizationId: string;
  userId: string;
  keyId: string;
  entries: string[];
}): Promise<{ id: string; name: string; allowedAddresses: string[] }> {
  const changed = await db.$transaction(async (tx) => {
    await lockOrganization(tx, input.organizationId);
    const key = await tx.apiKey.findFirst({
      where: { id: input.keyId, organizationId: input.organizationId, revokedAt: null },
      select: { id: true, name: true, prefix: true, hash: true, allowedAddresses: true },
    });
    if (!key) throw new ApiKeyError("not_found", "This key doesn't exist or has been revoked.");
    const previous = key.allowedAddresses;
    const same = previous.length === input.entries.length && previous.every((entry, i) => entry === input.entries[i]);
    if (same) return { key, wrote: false };
    await tx.apiKey.update({ where: { id: key.id }, data: { allowedAddresses: input.entries } });
    await recordAuditEvent(tx, auditSubject(input, key), {
      action: "api_key.allowed_addresses_changed",
      details: { allowedAddresses: input.entries, previousAllowedAddresses: previous },
    });
    return { key, wrote: true };
  });
  if (changed.wrote) await invalidateApiKey(changed.key.hash);
  return { id: changed.key.id, name: changed.key.name, allowedAddresses: input.entries };
}
