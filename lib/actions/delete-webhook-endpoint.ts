"use server";

import { API_SETTINGS_PATH, webhookEndpointPath } from "../routes";
import { deleteWebhookEndpoint } from "../webhook-endpoints/endpoints";
import { webhookEndpointInputSchema } from "../webhook-endpoints/schemas";
import { defineAction } from "./auth-action";

/** Deletes an endpoint and its delivery history; nothing more is sent to it. */
export const deleteWebhookEndpointAction = defineAction({
  name: "deleteWebhookEndpoint",
  permission: "api_keys:manage",
  input: webhookEndpointInputSchema,
  revalidate: [API_SETTINGS_PATH],
  revalidateFor: (input) => [webhookEndpointPath(input.endpointId)],
  async handler({ organizationId, userId, input }) {
    await deleteWebhookEndpoint({ organizationId, userId }, input.endpointId);
    return {};
  },
});
