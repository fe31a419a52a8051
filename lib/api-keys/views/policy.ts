import { z } from "zod";
import { db } from "../../db/client";
import { PERMISSIONS } from "../permissions";
import { type KeyPolicy, keyPolicyOf } from "../policies";

/**
 * The organization's key policies as they are sent to the browser (Settings → API, Policies;
 * the create and expiry dialogs). The enforcement date is a calendar day (YYYY-MM-DD, UTC), as
 * the form edits it.
 */
export const keyPolicyViewSchema = z.object({
  maxKeyLifetimeDays: z.number().int().positive().nullable(),
  requireAllowedAddressesForWrite: z.boolean(),
  expireUnusedAfterDays: z.number().int().positive().nullable(),
  defaultPermissions: z.array(z.enum(PERMISSIONS)),
  enforceFrom: z.iso.date().nullable(),
});
export type KeyPolicyView = z.infer<typeof keyPolicyViewSchema>;

export function keyPolicyView(policy: KeyPolicy): KeyPolicyView {
  return keyPolicyViewSchema.parse({
    ...policy,
    enforceFrom: policy.enforceFrom ? policy.enforceFrom.toISOString().slice(0, 10) : null,
  });
}

type PolicyColumns = Exclude<Parameters<typeof keyPolicyOf>[0], null>;

/**
 * The organization's feature flags and key policies in one statement (a LEFT JOIN: no policy row
 * → no rules), so Settings → API reads its policies without a statement of their own.
 */
export async function loadOrganizationSettings(
  organizationId: string,
): Promise<{ features: string[]; policy: KeyPolicy }> {
  const [row] = await db.$queryRaw<({ features: string[]; hasPolicy: boolean } & PolicyColumns)[]>`
    SELECT o."features", p."organizationId" IS NOT NULL AS "hasPolicy", p."maxKeyLifetimeDays",
      p."requireAllowedAddressesForWrite", p."expireUnusedAfterDays", p."defaultPermissions", p."enforceFrom"
    FROM "Organization" o LEFT JOIN "OrganizationPolicy" p ON p."organizationId" = o."id"
    WHERE o."id" = ${organizationId}`;
  if (!row) throw new Error(`Organization ${organizationId} not found`);
  return { features: row.features, policy: keyPolicyOf(row.hasPolicy ? row : null) };
}

/** The key page's policies (its Change expiry dialog offers only what they allow). */
export async function loadKeyPolicy(organizationId: string): Promise<KeyPolicyView> {
  const row = await db.organizationPolicy.findUnique({ where: { organizationId } });
  return keyPolicyView(keyPolicyOf(row));
}
