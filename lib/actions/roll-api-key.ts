"use server";

import { rollApiKey } from "../api-keys/commands/roll";
import { rollApiKeyInputSchema } from "../api-keys/schemas";
import { defineKeyAction } from "./auth-action";

/** Replaces a key with a new one (shown once); the old one works until the chosen grace ends. */
export const rollApiKeyAction = defineKeyAction(
  "rollApiKey",
  rollApiKeyInputSchema,
  async ({ organizationId, userId, input }) => {
    const rolled = await rollApiKey({ organizationId, userId, keyId: input.keyId, grace: input.grace });
    // As with create: the full key leaves the server this once, in this action response.
    return {
      key: rolled.key,
      name: rolled.summary.name,
      oldExpiresAt: rolled.oldExpiresAt.toISOString(),
      endedGracePrefix: rolled.endedGrace?.prefix ?? null,
    };
  },
);
