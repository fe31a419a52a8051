import { DAY_MS } from "./expiry";
import { DEFAULT_PERMISSIONS, type Permission, storedPermissions } from "./permissions";

/**
 * An organization's key policies (Settings → API, Policies; set by owners) and the rules that
 * follow from them. Pure: the commands enforce them (commands/key-change.ts), the create dialog
 * offers only what they allow, and the key health list names keys that break them.
 */
export interface KeyPolicy {
  /** New keys, rolls and expiry changes expire within this many days; null → no maximum. */
  maxKeyLifetimeDays: number | null;
  requireAllowedAddressesForWrite: boolean;
  /** Keys unused this many days are expired by the daily job; null → never. */
  expireUnusedAfterDays: number | null;
  defaultPermissions: Permission[];
  /** From then on the daily job expires keys that still break a policy; null → never. */
  enforceFrom: Date | null;
}

export const NO_POLICY: KeyPolicy = {
  maxKeyLifetimeDays: null,
  requireAllowedAddressesForWrite: false,
  expireUnusedAfterDays: null,
  defaultPermissions: [...DEFAULT_PERMISSIONS],
  enforceFrom: null,
};

export const LIFETIME_CHOICES = [7, 30, 90, 365] as const;
export const UNUSED_CHOICES = [30, 90, 180] as const;

/** A stored policy row (or none) as the rules read it. */
export function keyPolicyOf(
  row: {
    maxKeyLifetimeDays: number | null;
    requireAllowedAddressesForWrite: boolean;
    expireUnusedAfterDays: number | null;
    defaultPermissions: string[];
    enforceFrom: Date | null;
  } | null,
): KeyPolicy {
  if (!row) return NO_POLICY;
  const defaults = storedPermissions(row.defaultPermissions);
  return { ...row, defaultPermissions: defaults.length > 0 ? defaults : [...DEFAULT_PERMISSIONS] };
}

/** The state of a key the rules look at. */
export interface KeyShape {
  expiresAt: Date | null;
  permissions: readonly string[];
  allowedAddresses: readonly string[];
}

export type PolicyRule = "maxKeyLifetime" | "allowedAddressesForWrite";

/** One-minute slack: "90 days from now" chosen in a dialog is checked a moment later. */
const SLACK_MS = 60_000;

/** The rule the key breaks (first found), with the sentence that names it; null when it keeps them all. */
export function policyBreach(
  policy: KeyPolicy,
  key: KeyShape,
  now: Date,
  rules: readonly PolicyRule[] = ["maxKeyLifetime", "allowedAddressesForWrite"],
): { rule: PolicyRule; message: string } | null {
  const max = policy.maxKeyLifetimeDays;
  if (rules.includes("maxKeyLifetime") && max !== null) {
    const latest = now.getTime() + max * DAY_MS + SLACK_MS;
    if (key.expiresAt === null || key.expiresAt.getTime() > latest) {
      return {
        rule: "maxKeyLifetime",
        message: `Your organization's policy "Maximum key lifetime" requires keys to expire within ${max} days.`,
      };
    }
  }
  if (
    rules.includes("allowedAddressesForWrite") &&
    policy.requireAllowedAddressesForWrite &&
    key.permissions.includes("keys:write") &&
    key.allowedAddresses.length === 0
  ) {
    return {
      rule: "allowedAddressesForWrite",
      message:
        'Your organization\'s policy "Require allowed addresses for keys that can change keys" requires Allowed addresses on keys with keys:write.',
    };
  }
  return null;
}

/** A roll keeps the old key's lifetime, but never beyond the maximum (null → never expires). */
export function lifetimeWithin(policy: KeyPolicy, days: number | null): number | null {
  const max = policy.maxKeyLifetimeDays;
  if (max === null) return days;
  return days === null ? max : Math.min(days, max);
}
