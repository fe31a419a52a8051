"use server";

import { changeApiKeyExpiry } from "../api-keys/commands/update";
import { expiryDays } from "../api-keys/expiry";
import { changeApiKeyExpiryInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Changes when one of the organization's active keys expires. */
export const changeApiKeyExpiryAction = defineKeyAction(
  "changeApiKeyExpiry",
  changeApiKeyExpiryInputSchema,
  async ({ organizationId, userId, input }) => {
    const changed = await changeApiKeyExpiry({
      organizationId,
      userId,
      keyId: input.keyId,
      expiresInDays: expiryDays(input.expiry),
    });
    return { id: changed.id, name: changed.name, expiresAt: changed.expiresAt?.toISOString() ?? null };
  },
);
