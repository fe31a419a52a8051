"use server";

import { z } from "zod";
import { decodeActivityCursor, isOrganizationKey, loadActivityPage } from "../audit/activity";
import { DomainError } from "../domain-error";
import { defineAction } from "./auth-action";

const STALE_LIST = "This list is out of date. Reload the page to see the latest activity.";

/** Activity's "Show more": the next page after the cursor the page (or the last call) gave. */
export const loadActivityPageInputSchema = z.object({
  cursor: z
    .string()
    .max(128)
    .transform((value, context) => {
      const cursor = decodeActivityCursor(value);
      if (!cursor) context.addIssue({ code: "custom", message: STALE_LIST });
      return cursor ?? z.NEVER;
    }),
  keyId: z.string().trim().min(1).max(64).optional(),
});

export const loadActivityPageAction = defineAction({
  name: "loadActivityPage",
  permission: "api_keys:manage",
  input: loadActivityPageInputSchema,
  revalidate: [],
  async handler({ organizationId, input }) {
    // Scoped by the organization either way; the check turns a foreign id into a clear answer.
    if (input.keyId !== undefined && !(await isOrganizationKey(organizationId, input.keyId))) {
      throw new DomainError("not_found", "This key isn't one of your organization's keys. Reload the page.");
    }
    return loadActivityPage(organizationId, { keyId: input.keyId, cursor: input.cursor });
  },
});
