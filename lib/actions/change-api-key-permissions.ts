"use server";

import { changeApiKeyPermissions } from "../api-keys/commands/update";
import { changeApiKeyPermissionsInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Sets what one of the organization's keys may do; effective on its next request, everywhere. */
export const changeApiKeyPermissionsAction = defineAction({
  name: "changeApiKeyPermissions",
  permission: "api_keys:manage",
  input: changeApiKeyPermissionsInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    return changeApiKeyPermissions({ organizationId, userId, keyId: input.keyId, permissions: input.permissions });
  },
});
