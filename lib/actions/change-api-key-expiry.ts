"use server";

import { changeApiKeyExpiry } from "../api-keys/commands/update";
import { expiryDays } from "../api-keys/expiry";
import { changeApiKeyExpiryInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Changes when one of the organization's active keys expires. */
export const changeApiKeyExpiryAction = defineAction({
  name: "changeApiKeyExpiry",
  permission: "api_keys:manage",
  input: changeApiKeyExpiryInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    const changed = await changeApiKeyExpiry({
      organizationId,
      userId,
      keyId: input.keyId,
      expiresInDays: expiryDays(input.expiry),
    });
    return { id: changed.id, name: changed.name, expiresAt: changed.expiresAt?.toISOString() ?? null };
  },
});
