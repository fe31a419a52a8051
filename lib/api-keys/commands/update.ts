import type { Prisma } from "../../db/generated/client";
import { ApiKeyError } from "../errors";
import { expiresAtFor, lifetimeDays } from "../expiry";
import { describePermissions, normalizePermissions, type Permission, storedPermissions } from "../permissions";
import { activeKeyWhere } from "../state";
import { type Actor, assertMayGrant, changeKey, type KeyChange, notRevoked } from "./key-change";

/**
 * Changes to a key's own settings: name, expiry, permissions, allowed addresses. Each is one
 * applier below, run inside changeKey's recipe: by itself (the key page's forms) or several in
 * one transaction (PATCH /api/v1/keys/{id}). A change that would leave the key as it is writes
 * nothing and records nothing.
 */

type KeyInput = Actor & { keyId: string };
const SETTINGS_SELECT = { permissions: true, allowedAddresses: true, replacedById: true } as const;
type Settings = Prisma.ApiKeyGetPayload<{ select: typeof SETTINGS_SELECT }>;
type Change = KeyChange<{ id: string; name: string; prefix: string; expiresAt: Date | null } & Settings>;
const NOT_FOUND = "This key doesn't exist or has been revoked.";

async function applyName({ key, update, audit }: Change, name: string) {
  if (key.name === name) return;
  await update({ name });
  await audit({ ...key, name }, { action: "api_key.renamed", details: { previousName: key.name } });
  key.name = name;
}

/**
 * Only an active key's expiry changes: an expired key would start counting toward the limit
 * again, and a rolling key's end is set by its roll.
 */
async function applyExpiry({ key, now, update, audit }: Change, expiresAt: Date | null) {
  const active = key.replacedById === null && (key.expiresAt === null || key.expiresAt > now);
  if (!active)
    throw new ApiKeyError("not_found", "This key's expiry can't be changed: it was rolled, revoked or has expired.");
  await update({ expiresAt });
  await audit(key, {
    action: "api_key.expiry_changed",
    details: {
      expiresInDays: expiresAt === null ? null : lifetimeDays(now, expiresAt),
      previousExpiresAt: key.expiresAt?.toISOString() ?? null,
    },
  });
  key.expiresAt = expiresAt;
}

async function applyPermissions(change: Change, wanted: readonly Permission[]) {
  const { key, update, audit } = change;
  const permissions = normalizePermissions(wanted);
  const previous = storedPermissions(key.permissions);
  if (previous.join(" ") === permissions.join(" ")) return;
  assertMayGrant(change.actor, permissions);
  await update({ permissions });
  await audit(key, {
    action: "api_key.permissions_changed",
    details: { permissions, previousPermissions: previous, label: describePermissions(permissions) },
  });
  key.permissions = permissions;
}

async function applyAllowedAddresses({ key, update, audit }: Change, entries: string[]) {
  const previous = key.allowedAddresses;
  if (previous.length === entries.length && previous.every((entry, i) => entry === entries[i])) return;
  await update({ allowedAddresses: entries });
  await audit(key, {
    action: "api_key.allowed_addresses_changed",
    details: { allowedAddresses: entries, previousAllowedAddresses: previous },
  });
  key.allowedAddresses = entries;
}

export interface KeySettings {
  name?: string;
  /** Null → never expires. */
  expiresAt?: Date | null;
  permissions?: readonly Permission[];
  /** Canonical entries (lib/http/cidr.ts). */
  allowedAddresses?: string[];
}

/**
 * Any of a key's settings at once, in one transaction (all or nothing), one audit event per
 * setting that changed; caches forget the key once, after the commit.
 */
export async function updateApiKey(input: KeyInput & KeySettings): Promise<{ id: string }> {
  return changeKey(
    input,
    { keyId: input.keyId, state: notRevoked, notFound: NOT_FOUND, select: SETTINGS_SELECT },
    async (change) => {
      if (input.name !== undefined) await applyName(change, input.name);
      if (input.expiresAt !== undefined) await applyExpiry(change, input.expiresAt);
      if (input.permissions !== undefined) await applyPermissions(change, input.permissions);
      if (input.allowedAddresses !== undefined) await applyAllowedAddresses(change, input.allowedAddresses);
      return { id: change.key.id };
    },
  );
}

/** Renames a key that is not revoked. The name is part of what GET /api/v1/me reports. */
export async function renameApiKey(input: KeyInput & { name: string }): Promise<{ id: string; name: string }> {
  return changeKey(
    input,
    { keyId: input.keyId, state: notRevoked, notFound: NOT_FOUND, select: SETTINGS_SELECT },
    async (change) => {
      await applyName(change, input.name);
      return { id: change.key.id, name: input.name };
    },
  );
}

/** Sets when an active key expires, counted from now (null → never). */
export async function changeApiKeyExpiry(
  input: KeyInput & { expiresInDays: number | null },
): Promise<{ id: string; name: string; expiresAt: Date | null }> {
  return changeKey(
    input,
    {
      keyId: input.keyId,
      state: (now) => activeKeyWhere(input.organizationId, now),
      notFound: "This key's expiry can't be changed: it was rolled, revoked or has expired.",
      select: SETTINGS_SELECT,
    },
    async (change) => {
      const expiresAt = expiresAtFor(input.expiresInDays, change.now);
      await applyExpiry(change, expiresAt);
      return { id: change.key.id, name: change.key.name, expiresAt };
    },
  );
}

/** Sets what a key may do; the very next request on every instance sees the new set. */
export async function changeApiKeyPermissions(
  input: KeyInput & { permissions: readonly Permission[] },
): Promise<{ id: string; name: string; permissions: Permission[] }> {
  return changeKey(
    input,
    { keyId: input.keyId, state: notRevoked, notFound: NOT_FOUND, select: SETTINGS_SELECT },
    async (change) => {
      await applyPermissions(change, input.permissions);
      return { id: change.key.id, name: change.key.name, permissions: storedPermissions(change.key.permissions) };
    },
  );
}

/** Saves a key's Allowed addresses (entries already validated and canonical: lib/http/cidr.ts). */
export async function setAllowedAddresses(
  input: KeyInput & { entries: string[] },
): Promise<{ id: string; name: string; allowedAddresses: string[] }> {
  return changeKey(
    input,
    { keyId: input.keyId, state: notRevoked, notFound: NOT_FOUND, select: SETTINGS_SELECT },
    async (change) => {
      await applyAllowedAddresses(change, input.entries);
      return { id: change.key.id, name: change.key.name, allowedAddresses: input.entries };
    },
  );
}
