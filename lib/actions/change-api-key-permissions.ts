"use server";

import { changeApiKeyPermissions } from "../api-keys/commands/update";
import { changeApiKeyPermissionsInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Sets what one of the organization's keys may do; effective on its next request, everywhere. */
export const changeApiKeyPermissionsAction = defineKeyAction(
  "changeApiKeyPermissions",
  changeApiKeyPermissionsInputSchema,
  async ({ organizationId, userId, input }) => {
    return changeApiKeyPermissions({ organizationId, userId, keyId: input.keyId, permissions: input.permissions });
  },
);
