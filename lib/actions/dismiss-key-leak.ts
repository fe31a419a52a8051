"use server";

import { dismissLeakNotice } from "../api-keys/commands/dismiss-leak";
import { dismissLeakNoticeInputSchema } from "../api-keys/schemas";
import { API_SETTINGS_PATH } from "../routes";
import { defineAction } from "./auth-action";

/** Dismisses a leaked-key notice on Settings → API for the whole organization (audited). */
export const dismissKeyLeakAction = defineAction({
  name: "dismissKeyLeak",
  permission: "api_keys:manage",
  input: dismissLeakNoticeInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    // Scoped by the session's organization: another organization's notice is "not found".
    return dismissLeakNotice({ organizationId, userId, leakId: input.leakId });
  },
});
