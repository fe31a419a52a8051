"use server";

import { API_SETTINGS_PATH, webhookEndpointPath } from "../routes";
import { rollWebhookSecret } from "../webhook-endpoints/endpoints";
import { webhookEndpointInputSchema } from "../webhook-endpoints/schemas";
import { defineAction } from "./auth-action";

/** A new signing secret, returned this once; the old one also signs for 24 hours. */
export const rollWebhookSecretAction = defineAction({
  name: "rollWebhookSecret",
  permission: "api_keys:manage",
  input: webhookEndpointInputSchema,
  revalidate: [API_SETTINGS_PATH],
  revalidateFor: (input) => [webhookEndpointPath(input.endpointId)],
  async handler({ organizationId, userId, input }) {
    const rolled = await rollWebhookSecret({ organizationId, userId }, input.endpointId);
    return { secret: rolled.secret, previousValidUntil: rolled.previousValidUntil.toISOString() };
  },
});
