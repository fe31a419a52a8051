import { activeKeyWhere } from "../state";
import { changeKey } from "./key-change";

/**
 * The daily job's expiry of a key (lib/jobs/key-policies.ts): unused for longer than the
 * organization allows, or still breaking a policy after its enforcement date. The key expires
 * now — it stays listed, and its holder gets "expired on …" — by the same recipe as an admin's
 * change, with no person as actor. `stillDue` re-checks, under the organization's lock, that the
 * reason holds (a key used since the job read it is left alone).
 */
export async function expireKeyByPolicy(input: {
  organizationId: string;
  keyId: string;
  reason: "unused" | "policy";
  /** The policy, as Activity names it. */
  policy: string;
  stillDue: (key: { lastUsedAt: Date | null; createdAt: Date }) => boolean;
}): Promise<boolean> {
  return changeKey(
    { organizationId: input.organizationId, userId: null, system: "Key policies" },
    {
      keyId: input.keyId,
      kind: "revoke",
      state: (now) => activeKeyWhere(input.organizationId, now),
      notFound: "This key is no longer active.",
      select: { lastUsedAt: true },
    },
    async ({ key, now, update, audit }) => {
      if (!input.stillDue(key)) return false;
      await update({ expiresAt: now });
      await audit(key, {
        action: "api_key.expired_by_policy",
        details: { reason: input.reason, policy: input.policy, lastUsedAt: key.lastUsedAt?.toISOString() ?? null },
      });
      return true;
    },
  );
}
