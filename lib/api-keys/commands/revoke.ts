import type { Prisma } from "../../db/generated/client";
import { ApiKeyError } from "../errors";
import { type Actor, type AuditedKey, changeKey, notRevoked } from "./key-change";

/**
 * Revokes a key of the organization (active, rolling or expired). Under the organization's lock
 * the key must still be unrevoked, so of many concurrent revokes exactly one succeeds; a key of
 * another organization is "not found". Caches forget the key before this returns.
 */
export async function revokeApiKey(
  input: Actor & { keyId: string },
): Promise<{ id: string; name: string; revokedAt: Date }> {
  return changeKey(
    input,
    {
      keyId: input.keyId,
      kind: "revoke",
      state: notRevoked,
      notFound: "This key doesn't exist or has already been revoked.",
    },
    async ({ key, now, update, audit }) => {
      await update({ revokedAt: now, revokedById: input.userId });
      await audit(key, { action: "api_key.revoked" });
      return { id: key.id, name: key.name, revokedAt: now };
    },
  );
}

export interface LeakReport {
  /** Who reported it, e.g. "github". */
  reporter: string;
  tokenType: string;
  url: string | null;
  source: string | null;
}

export interface LeakedKey extends AuditedKey {
  revokedAt: Date;
}

/**
 * Revokes a key that secret scanning found in public, at once (no grace period), by the same
 * recipe as the Revoke button, and records the leak (the notice on Settings → API) and an audit
 * event with no person as actor. Null when the key was already revoked: it is left as it is, and
 * a token reported twice makes one revocation, one event and one notice.
 * `notify` runs last in the revocation's transaction (e.g. to enqueue the admins' email in the
 * outbox), so the revocation and its notice commit together; what it returns is `notice`.
 */
export async function revokeLeakedApiKey<Notice = undefined>(
  target: { organizationId: string; keyId: string },
  report: LeakReport,
  notify?: (tx: Prisma.TransactionClient, key: LeakedKey) => Promise<Notice>,
): Promise<(LeakedKey & { leakId: string; notice: Notice | undefined }) | null> {
  try {
    return await changeKey(
      { organizationId: target.organizationId, userId: null, system: "Secret scanning" },
      { keyId: target.keyId, kind: "revoke", state: notRevoked, notFound: "already revoked" },
      async ({ tx, key, now, update, audit }) => {
        await update({ revokedAt: now, revokedById: null });
        const leak = await tx.keyLeak.create({
          data: { organizationId: target.organizationId, apiKeyId: key.id, ...report, revokedAt: now },
          select: { id: true },
        });
        await audit(key, { action: "api_key.revoked", details: { actor: "secret_scanning", ...report } });
        const leaked = { id: key.id, name: key.name, prefix: key.prefix, revokedAt: now };
        const notice = notify ? await notify(tx, leaked) : undefined;
        return { ...leaked, leakId: leak.id, notice };
      },
    );
  } catch (error) {
    // Already revoked (or never this organization's): nothing to do, nothing recorded.
    if (error instanceof ApiKeyError && error.code === "not_found") return null;
    throw error;
  }
}
