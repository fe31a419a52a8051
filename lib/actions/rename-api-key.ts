"use server";

import { renameApiKey } from "../api-keys/commands/update";
import { renameApiKeyInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Renames one of the organization's keys; the key itself keeps working unchanged. */
export const renameApiKeyAction = defineKeyAction(
  "renameApiKey",
  renameApiKeyInputSchema,
  async ({ organizationId, userId, input }) => {
    const renamed = await renameApiKey({ organizationId, userId, keyId: input.keyId, name: input.name });
    return { id: renamed.id, name: renamed.name };
  },
);
