"use server";

import { createApiKey } from "../api-keys/commands/create";
import { expiryDays } from "../api-keys/expiry";
import { createApiKeyInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Creates a key for the signed-in admin's organization and returns its full value once. */
export const createApiKeyAction = defineKeyAction(
  "createApiKey",
  createApiKeyInputSchema,
  async ({ organizationId, userId, input }) => {
    const created = await createApiKey({
      organizationId,
      userId,
      name: input.name,
      expiresInDays: expiryDays(input.expiry),
      permissions: input.permissions,
    });
    // The full key leaves the server this once, in this (uncacheable) action response.
    return { key: created.key, name: created.summary.name };
  },
);
