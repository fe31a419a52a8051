import { describePermissions, normalizePermissions } from "../permissions";
import type { KeyPolicy } from "../policies";
import { type Actor, inOrganization } from "./key-change";

/** What changed, in the words Activity shows ("Maximum key lifetime: 90 days"). */
function changesBetween(before: KeyPolicy, after: KeyPolicy): string[] {
  const days = (value: number | null, none: string) => (value === null ? none : `${value} days`);
  const changes: string[] = [];
  if (before.maxKeyLifetimeDays !== after.maxKeyLifetimeDays) {
    changes.push(`Maximum key lifetime: ${days(after.maxKeyLifetimeDays, "no maximum")}`);
  }
  if (before.requireAllowedAddressesForWrite !== after.requireAllowedAddressesForWrite) {
    changes.push(
      `Require allowed addresses for keys that can change keys: ${after.requireAllowedAddressesForWrite ? "on" : "off"}`,
    );
  }
  if (before.expireUnusedAfterDays !== after.expireUnusedAfterDays) {
    changes.push(`Expire keys unused for: ${days(after.expireUnusedAfterDays, "never")}`);
  }
  if (before.defaultPermissions.join(" ") !== after.defaultPermissions.join(" ")) {
    changes.push(`Default permissions for new keys: ${describePermissions(after.defaultPermissions)}`);
  }
  if ((before.enforceFrom?.getTime() ?? null) !== (after.enforceFrom?.getTime() ?? null)) {
    changes.push(`Enforcement date: ${after.enforceFrom ? after.enforceFrom.toISOString().slice(0, 10) : "none"}`);
  }
  return changes;
}

/**
 * Saves the organization's key policies (owners only: the action checks the role). Under the
 * organization's lock like every key change, so a key created meanwhile is checked against
 * either the old or the new policies, never half of each; audited with what changed. Keys that
 * already break a new policy keep working: they are listed under Needs attention, and expired by
 * the daily job only from the enforcement date an owner may set.
 */
export async function setKeyPolicies(
  input: Actor & { userId: string; policy: KeyPolicy },
): Promise<{ changes: string[] }> {
  const policy = { ...input.policy, defaultPermissions: normalizePermissions(input.policy.defaultPermissions) };
  return inOrganization(input, async ({ tx, policy: before, now, audit }) => {
    const changes = changesBetween(before, policy);
    if (changes.length === 0) return { changes };
    const row = { ...policy, updatedAt: now, updatedById: input.userId };
    await tx.organizationPolicy.upsert({
      where: { organizationId: input.organizationId },
      create: { organizationId: input.organizationId, ...row },
      update: row,
    });
    await audit(null, { action: "organization.policies_changed", details: { changes } });
    return { changes };
  });
}
