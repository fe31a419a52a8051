"use server";

import { API_SETTINGS_PATH, webhookEndpointPath } from "../routes";
import { sendTestEvent } from "../webhook-endpoints/attempts";
import { webhookEndpointInputSchema } from "../webhook-endpoints/schemas";
import { defineAction } from "./auth-action";

/** Sends webhook.test to the endpoint and answers with what that attempt got. */
export const sendWebhookTestAction = defineAction({
  name: "sendWebhookTest",
  permission: "api_keys:manage",
  input: webhookEndpointInputSchema,
  revalidate: [API_SETTINGS_PATH],
  revalidateFor: (input) => [webhookEndpointPath(input.endpointId)],
  async handler({ organizationId, userId, input }) {
    return { attempt: await sendTestEvent({ organizationId, userId }, input.endpointId) };
  },
});
