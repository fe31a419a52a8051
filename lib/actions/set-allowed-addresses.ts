"use server";

import { setAllowedAddresses } from "../api-keys/commands/update";
import { setAllowedAddressesInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Saves where one of the organization's keys may be used from; effective on its next request. */
export const setAllowedAddressesAction = defineKeyAction(
  "setAllowedAddresses",
  setAllowedAddressesInputSchema,
  async ({ organizationId, userId, input }) => {
    return setAllowedAddresses({ organizationId, userId, keyId: input.keyId, entries: input.allowedAddresses });
  },
);
