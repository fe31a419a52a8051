"use server";

import { setAllowedAddresses } from "../api-keys/commands/update";
import { setAllowedAddressesInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Saves where one of the organization's keys may be used from; effective on its next request. */
export const setAllowedAddressesAction = defineAction({
  name: "setAllowedAddresses",
  permission: "api_keys:manage",
  input: setAllowedAddressesInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    return setAllowedAddresses({ organizationId, userId, keyId: input.keyId, entries: input.allowedAddresses });
  },
});
