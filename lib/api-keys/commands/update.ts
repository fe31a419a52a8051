import { expiresAtFor, lifetimeDays } from "../expiry";
import { describePermissions, normalizePermissions, type Permission, storedPermissions } from "../permissions";
import { activeKeyWhere } from "../state";
import { type Actor, changeKey, notRevoked } from "./key-change";

/**
 * Changes to a key's own settings: name, expiry, allowed addresses. Each follows changeKey's
 * recipe; a change that would leave the key as it is writes nothing and records nothing.
 */

type KeyInput = Actor & { keyId: string };

/** Renames a key that is not revoked. The name is part of what GET /api/v1/me reports. */
export async function renameApiKey(input: KeyInput & { name: string }): Promise<{ id: string; name: string }> {
  return changeKey(
    input,
    { keyId: input.keyId, state: notRevoked, notFound: "This key doesn't exist or has been revoked." },
    async ({ key, update, audit }) => {
      if (key.name !== input.name) {
        await update({ name: input.name });
        await audit({ ...key, name: input.name }, { action: "api_key.renamed", details: { previousName: key.name } });
      }
      return { id: key.id, name: input.name };
    },
  );
}

/**
 * Sets when an active key expires, counted from now (null → never). Only active keys: an
 * expired key would start counting toward the limit again, and a rolling key's end is set by
 * its roll.
 */
export async function changeApiKeyExpiry(
  input: KeyInput & ({ expiresInDays: number | null } | { expiresAt: Date | null }),
): Promise<{ id: string; name: string; expiresAt: Date | null }> {
  return changeKey(
    input,
    {
      keyId: input.keyId,
      state: (now) => activeKeyWhere(input.organizationId, now),
      notFound: "This key's expiry can't be changed: it was rolled, revoked or has expired.",
    },
    async ({ key, now, update, audit }) => {
      const expiresAt = "expiresAt" in input ? input.expiresAt : expiresAtFor(input.expiresInDays, now);
      await update({ expiresAt });
      await audit(key, {
        action: "api_key.expiry_changed",
        details: {
          expiresInDays: expiresAt === null ? null : lifetimeDays(now, expiresAt),
          previousExpiresAt: key.expiresAt?.toISOString() ?? null,
        },
      });
      return { id: key.id, name: key.name, expiresAt };
    },
  );
}

/**
 * Saves a key's Allowed addresses (entries already validated and canonical: lib/http/cidr.ts).
 * Any key that is not revoked may have a list; the very next request on every instance checks
 * the new one (changeKey invalidates the key's caches).
 */
export async function setAllowedAddresses(
  input: KeyInput & { entries: string[] },
): Promise<{ id: string; name: string; allowedAddresses: string[] }> {
  return changeKey(
    input,
    {
      keyId: input.keyId,
      state: notRevoked,
      notFound: "This key doesn't exist or has been revoked.",
      select: { allowedAddresses: true },
    },
    async ({ key, update, audit }) => {
      const previous = key.allowedAddresses;
      const same = previous.length === input.entries.length && previous.every((entry, i) => entry === input.entries[i]);
      if (!same) {
        await update({ allowedAddresses: input.entries });
        await audit(key, {
          action: "api_key.allowed_addresses_changed",
          details: { allowedAddresses: input.entries, previousAllowedAddresses: previous },
        });
      }
      return { id: key.id, name: key.name, allowedAddresses: input.entries };
    },
  );
}

/**
 * Sets what a key may do. Like a revoke, the very next request on every instance sees the new
 * set (changeKey invalidates the key's caches after the commit).
 */
export async function changeApiKeyPermissions(
  input: KeyInput & { permissions: readonly Permission[] },
): Promise<{ id: string; name: string; permissions: Permission[] }> {
  const permissions = normalizePermissions(input.permissions);
  return changeKey(
    input,
    {
      keyId: input.keyId,
      state: notRevoked,
      notFound: "This key doesn't exist or has been revoked.",
      select: { permissions: true },
    },
    async ({ key, update, audit }) => {
      const previous = storedPermissions(key.permissions);
      if (previous.join(" ") !== permissions.join(" ")) {
        await update({ permissions });
        await audit(key, {
          action: "api_key.permissions_changed",
          details: { permissions, previousPermissions: previous, label: describePermissions(permissions) },
        });
      }
      return { id: key.id, name: key.name, permissions };
    },
  );
}
