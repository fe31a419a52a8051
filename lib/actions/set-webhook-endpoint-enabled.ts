"use server";

import { API_SETTINGS_PATH, webhookEndpointPath } from "../routes";
import { setWebhookEndpointEnabled } from "../webhook-endpoints/endpoints";
import { setWebhookEndpointEnabledInputSchema } from "../webhook-endpoints/schemas";
import { defineAction } from "./auth-action";

/** Disable stops sending (events meanwhile are not kept for it); Enable starts again afresh. */
export const setWebhookEndpointEnabledAction = defineAction({
  name: "setWebhookEndpointEnabled",
  permission: "api_keys:manage",
  input: setWebhookEndpointEnabledInputSchema,
  revalidate: [API_SETTINGS_PATH],
  revalidateFor: (input) => [webhookEndpointPath(input.endpointId)],
  async handler({ organizationId, userId, input }) {
    await setWebhookEndpointEnabled({ organizationId, userId }, input.endpointId, input.enabled);
    return { enabled: input.enabled };
  },
});
