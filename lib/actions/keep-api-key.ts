"use server";

import { keepUnusedKey } from "../api-keys/commands/keep";
import { keepApiKeyInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** "Keep" on Needs attention: the key stays, and "not used for 30 days" is silenced for 90 days. */
export const keepApiKeyAction = defineKeyAction(
  "keepApiKey",
  keepApiKeyInputSchema,
  async ({ organizationId, userId, input }) => {
    const kept = await keepUnusedKey({ organizationId, userId, keyId: input.keyId });
    return { id: kept.id, until: kept.until.toISOString() };
  },
);
