"use server";

import { setKeyPolicies } from "../api-keys/commands/policies";
import { keyPoliciesInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Saves the organization's key policies: owners only (admins see them read-only). */
export const saveKeyPoliciesAction = defineAction({
  name: "saveKeyPolicies",
  permission: "policies:manage",
  input: keyPoliciesInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    return setKeyPolicies({ organizationId, userId, policy: input });
  },
});
