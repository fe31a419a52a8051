"use server";

import { revokeApiKey } from "../api-keys/commands/revoke";
import { revokeApiKeyInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Revokes one of the signed-in admin's organization's keys, effective on its next request. */
export const revokeApiKeyAction = defineKeyAction(
  "revokeApiKey",
  revokeApiKeyInputSchema,
  async ({ organizationId, userId, input }) => {
    // Scoped by the session's organization: another organization's key id is "not found".
    const revoked = await revokeApiKey({ organizationId, userId, keyId: input.keyId });
    return { id: revoked.id, name: revoked.name };
  },
);
