"use server";

import { API_SETTINGS_PATH, webhookEndpointPath } from "../routes";
import { retryDelivery } from "../webhook-endpoints/attempts";
import { retryWebhookDeliveryInputSchema } from "../webhook-endpoints/schemas";
import { defineAction } from "./auth-action";

/** Attempts a failed delivery again now, and answers with what that attempt got. */
export const retryWebhookDeliveryAction = defineAction({
  name: "retryWebhookDelivery",
  permission: "api_keys:manage",
  input: retryWebhookDeliveryInputSchema,
  revalidate: [API_SETTINGS_PATH],
  revalidateFor: (input) => [webhookEndpointPath(input.endpointId)],
  async handler({ organizationId, userId, input }) {
    return { attempt: await retryDelivery({ organizationId, userId }, input.endpointId, input.deliveryId) };
  },
});
