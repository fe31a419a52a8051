import { expiryDays } from "../api-keys/expiry";
import { createApiKeyInputSchema, revokeApiKeyInputSchema } from "../api-keys/schemas";
import { ApiKeyError, createApiKey, revokeApiKey } from "../api-keys/service";
import { type ActionResult, actionFailure, authorizedAction } from "./auth-action";

/** The page that lists keys; every key mutation revalidates it. */
export const API_SETTINGS_PATH = "/settings/api";

export type CreateApiKeyResult = ActionResult<{ key: string; name: string }>;
export type RevokeApiKeyResult = ActionResult<{ id: string; name: string }>;

export function fromServiceError(error: unknown) {
  if (error instanceof ApiKeyError) return actionFailure(error.code, error.message);
  throw error;
}

export const createApiKeyOperation = authorizedAction({
  name: "createApiKey",
  permission: "api_keys:manage",
  input: createApiKeyInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    try {
      const created = await createApiKey({
        organizationId,
        userId,
        name: input.name,
        expiresInDays: expiryDays(input.expiry),
      });
      // The audit line names the key by id: never the key, never its hash.
      console.info(`[api-keys] key ${created.summary.id} created in org ${organizationId} by user ${userId}`);
      // The full key leaves the server this once, in this (uncacheable) action response.
      return { ok: true, key: created.key, name: created.summary.name };
    } catch (error) {
      return fromServiceError(error);
    }
  },
});

export const revokeApiKeyOperation = authorizedAction({
  name: "revokeApiKey",
  permission: "api_keys:manage",
  input: revokeApiKeyInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    try {
      // Scoped by the session's organization: another org's key id is "not found".
      const revoked = await revokeApiKey({ organizationId, userId, keyId: input.keyId });
      console.info(`[api-keys] key ${revoked.id} revoked in org ${organizationId} by user ${userId}`);
      return { ok: true, id: revoked.id, name: revoked.name };
    } catch (error) {
      return fromServiceError(error);
    }
  },
});
