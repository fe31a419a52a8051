"use server";

import { renameApiKey } from "../api-keys/commands/update";
import { renameApiKeyInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Renames one of the organization's keys; the key itself keeps working unchanged. */
export const renameApiKeyAction = defineAction({
  name: "renameApiKey",
  permission: "api_keys:manage",
  input: renameApiKeyInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    const renamed = await renameApiKey({ organizationId, userId, keyId: input.keyId, name: input.name });
    return { id: renamed.id, name: renamed.name };
  },
});
