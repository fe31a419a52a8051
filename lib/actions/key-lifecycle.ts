import { expiryDays } from "../api-keys/expiry";
import { changeApiKeyExpiry, renameApiKey, rollApiKey } from "../api-keys/lifecycle";
import { changeApiKeyExpiryInputSchema, renameApiKeyInputSchema, rollApiKeyInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH, fromServiceError } from "./api-keys";
import { type ActionResult, authorizedAction } from "./auth-action";

/**
 * Rename, roll and expiry changes, on the same helper as create and revoke: session →
 * membership → api_keys:manage → zod → handler → revalidate. The organization always comes
 * from the session, so another organization's key id is "not found".
 */

export type RenameApiKeyResult = ActionResult<{ id: string; name: string }>;
export type RollApiKeyResult = ActionResult<{ key: string; name: string; oldExpiresAt: string }>;
export type ChangeApiKeyExpiryResult = ActionResult<{ id: string; name: string; expiresAt: string | null }>;

export const renameApiKeyOperation = authorizedAction({
  name: "renameApiKey",
  permission: "api_keys:manage",
  input: renameApiKeyInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }): Promise<RenameApiKeyResult> {
    try {
      const renamed = await renameApiKey({ organizationId, userId, keyId: input.keyId, name: input.name });
      console.info(`[api-keys] key ${renamed.id} renamed in org ${organizationId} by user ${userId}`);
      return { ok: true, id: renamed.id, name: renamed.name };
    } catch (error) {
      return fromServiceError(error);
    }
  },
});

export const rollApiKeyOperation = authorizedAction({
  name: "rollApiKey",
  permission: "api_keys:manage",
  input: rollApiKeyInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }): Promise<RollApiKeyResult> {
    try {
      const rolled = await rollApiKey({ organizationId, userId, keyId: input.keyId, grace: input.grace });
      console.info(
        `[api-keys] key ${input.keyId} rolled to ${rolled.summary.id} in org ${organizationId} by user ${userId}`,
      );
      // As with create: the full key leaves the server this once, in this action response.
      return {
        ok: true,
        key: rolled.key,
        name: rolled.summary.name,
        oldExpiresAt: rolled.oldExpiresAt.toISOString(),
      };
    } catch (error) {
      return fromServiceError(error);
    }
  },
});

export const changeApiKeyExpiryOperation = authorizedAction({
  name: "changeApiKeyExpiry",
  permission: "api_keys:manage",
  input: changeApiKeyExpiryInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }): Promise<ChangeApiKeyExpiryResult> {
    try {
      const changed = await changeApiKeyExpiry({
        organizationId,
        userId,
        keyId: input.keyId,
        expiresInDays: expiryDays(input.expiry),
      });
      console.info(`[api-keys] key ${changed.id} expiry changed in org ${organizationId} by user ${userId}`);
      return { ok: true, id: changed.id, name: changed.name, expiresAt: changed.expiresAt?.toISOString() ?? null };
    } catch (error) {
      return fromServiceError(error);
    }
  },
});
