import { DAY_MS } from "./expiry";
import { normalizePermissions, type Permission, storedPermissions } from "./permissions";
import { type KeyPolicy, policyBreach } from "./policies";

/**
 * Key health: for every working key, what makes it riskier than it needs to be, each with its
 * one-click fix where there is one (Settings → API "Needs attention", and the key's page). Pure:
 * computed from what the page already loads plus per-key aggregates the flush maintains
 * (networks and permissions used in the last 30 days) — never from raw requests.
 */
export const HEALTH_WINDOW_DAYS = 30;
/** At most this many networks, all a key was used from, are worth suggesting as its allow-list. */
export const MAX_SUGGESTED_NETWORKS = 3;
/** "Keep" silences "not used for 30 days" this long. */
export const KEEP_SILENCE_DAYS = 90;

export interface HealthKey {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  permissions: readonly string[];
  allowedAddresses: readonly string[];
}

export interface KeyUse {
  /** Networks (/24, /48) the key's requests came from in the window, busiest first. */
  networks: { network: string; requests: number }[];
  /** Permissions its successful requests exercised in the window. */
  permissionsUsed: string[];
  /** When "Keep" silenced "not used" until; null → not silenced. */
  keptUntil: Date | null;
}

export type Finding =
  | { kind: "never_expires"; message: string }
  | { kind: "unused_permissions"; message: string; narrowTo: Permission[]; unused: Permission[] }
  | { kind: "few_networks"; message: string; networks: string[] }
  | { kind: "unused"; message: string; days: number }
  | { kind: "policy"; message: string };

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export function keyHealth(key: HealthKey, use: KeyUse, policy: KeyPolicy, now: Date): Finding[] {
  const findings: Finding[] = [];
  const breach = policyBreach(policy, key, now);
  if (breach) findings.push({ kind: "policy", message: `Breaks a policy: ${breach.message}` });
  if (key.expiresAt === null) findings.push({ kind: "never_expires", message: "Never expires." });

  const ageDays = Math.max(1, Math.floor((now.getTime() - key.createdAt.getTime()) / DAY_MS));
  const looked = Math.min(HEALTH_WINDOW_DAYS, ageDays);
  const held = storedPermissions(key.permissions);
  // Only once the key has made requests: a new key has not had the chance to use anything.
  if (key.lastUsedAt !== null && use.permissionsUsed.length > 0) {
    const used = normalizePermissions(
      use.permissionsUsed.filter((permission) => held.includes(permission as Permission)),
    );
    const unused = held.filter((permission) => !used.includes(permission));
    if (unused.length > 0 && used.length > 0) {
      findings.push({
        kind: "unused_permissions",
        message: `Holds ${unused.join(", ")} but used only ${used.join(", ")} in the last ${plural(looked, "day")}.`,
        narrowTo: used,
        unused,
      });
    }
  }
  if (key.allowedAddresses.length === 0 && use.networks.length > 0 && use.networks.length <= MAX_SUGGESTED_NETWORKS) {
    const networks = use.networks.map((entry) => entry.network).sort();
    findings.push({
      kind: "few_networks",
      message: `Can be used from anywhere, but all its requests in the last ${plural(looked, "day")} came from ${networks.join(", ")}.`,
      networks,
    });
  }
  const lastActivity = key.lastUsedAt ?? key.createdAt;
  const idleDays = Math.floor((now.getTime() - lastActivity.getTime()) / DAY_MS);
  const kept = use.keptUntil !== null && use.keptUntil > now;
  if (idleDays >= HEALTH_WINDOW_DAYS && !kept) {
    findings.push({
      kind: "unused",
      message: key.lastUsedAt
        ? `Not used for ${plural(idleDays, "day")}.`
        : `Never used, created ${plural(idleDays, "day")} ago.`,
      days: idleDays,
    });
  }
  return findings;
}
