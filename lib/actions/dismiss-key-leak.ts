"use server";

import { dismissLeakNotice } from "../api-keys/commands/dismiss-leak";
import { dismissLeakNoticeInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Dismisses a leaked-key notice on Settings → API for the whole organization (audited). */
export const dismissKeyLeakAction = defineKeyAction(
  "dismissKeyLeak",
  dismissLeakNoticeInputSchema,
  async ({ organizationId, userId, input }) => {
    // Scoped by the session's organization: another organization's notice is "not found".
    return dismissLeakNotice({ organizationId, userId, leakId: input.leakId });
  },
);
