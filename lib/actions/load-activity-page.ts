"use server";

import { activityPageInputSchema, isOrganizationKey, loadActivityPage } from "../audit/activity";
import { DomainError } from "../domain-error";
import { defineAction } from "./auth-action";

/** Activity's "Show more": the next page after the cursor the page (or the last call) gave. */
export const loadActivityPageAction = defineAction({
  name: "loadActivityPage",
  permission: "api_keys:manage",
  input: activityPageInputSchema,
  revalidate: [],
  async handler({ organizationId, input }) {
    // Scoped by the organization either way; the check turns a foreign id into a clear answer.
    if (input.keyId !== undefined && !(await isOrganizationKey(organizationId, input.keyId))) {
      throw new DomainError("not_found", "This key isn't one of your organization's keys. Reload the page.");
    }
    return loadActivityPage(organizationId, { keyId: input.keyId, cursor: input.cursor });
  },
});
