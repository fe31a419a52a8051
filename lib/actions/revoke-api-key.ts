"use server";

import { revokeApiKey } from "../api-keys/commands/revoke";
import { revokeApiKeyInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Revokes one of the signed-in admin's organization's keys, effective on its next request. */
export const revokeApiKeyAction = defineAction({
  name: "revokeApiKey",
  permission: "api_keys:manage",
  input: revokeApiKeyInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    // Scoped by the session's organization: another organization's key id is "not found".
    const revoked = await revokeApiKey({ organizationId, userId, keyId: input.keyId });
    return { id: revoked.id, name: revoked.name };
  },
});
