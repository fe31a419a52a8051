"use client";

import { createContext, type ReactNode, useContext } from "react";
import { EXPIRY_CHOICES, type ExpiryChoice } from "@/lib/api-keys/expiry";
import { DEFAULT_PERMISSIONS } from "@/lib/api-keys/permissions";
import type { KeyPolicyView } from "@/lib/api-keys/views/policy";

/** No policies: what a page without a provider (and an organization that set none) gets. */
const NO_POLICY_VIEW: KeyPolicyView = {
  maxKeyLifetimeDays: null,
  requireAllowedAddressesForWrite: false,
  expireUnusedAfterDays: null,
  defaultPermissions: [...DEFAULT_PERMISSIONS],
  enforceFrom: null,
};

const KeyPolicyContext = createContext<KeyPolicyView>(NO_POLICY_VIEW);

/**
 * The organization's key policies for the dialogs below it (Create New Key, Change expiry), which
 * open from the table, the notices and the key page alike: one provider per page, not a prop
 * threaded through each of them.
 */
export function KeyPolicyProvider({ policy, children }: { policy: KeyPolicyView; children: ReactNode }) {
  return <KeyPolicyContext.Provider value={policy}>{children}</KeyPolicyContext.Provider>;
}

export function useKeyPolicy(): KeyPolicyView {
  return useContext(KeyPolicyContext);
}

/**
 * The expiry choices a maximum lifetime allows: all of them without one, else those within it
 * (never "Never"). The server checks the same rule (lib/api-keys/policies.ts); offering only
 * these spares the admin a refusal.
 */
export function expiryChoicesWithin(maxDays: number | null): ExpiryChoice[] {
  if (maxDays === null) return [...EXPIRY_CHOICES];
  return EXPIRY_CHOICES.filter((choice) => choice !== "never" && Number(choice) <= maxDays);
}

/** Create New Key's default: Never without a maximum, else the longest allowed. */
export function defaultExpiry(maxDays: number | null): ExpiryChoice {
  if (maxDays === null) return "never";
  return expiryChoicesWithin(maxDays).at(-1) ?? "never";
}
