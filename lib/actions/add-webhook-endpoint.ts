"use server";

import { API_SETTINGS_PATH } from "../routes";
import { addWebhookEndpoint } from "../webhook-endpoints/endpoints";
import { addWebhookEndpointInputSchema } from "../webhook-endpoints/schemas";
import { defineAction } from "./auth-action";

/** Adds a webhook endpoint; its signing secret leaves the server this once, in this response. */
export const addWebhookEndpointAction = defineAction({
  name: "addWebhookEndpoint",
  permission: "api_keys:manage",
  input: addWebhookEndpointInputSchema,
  revalidate: [API_SETTINGS_PATH],
  async handler({ organizationId, userId, input }) {
    const added = await addWebhookEndpoint({ organizationId, userId }, input);
    return { id: added.id, url: added.url, secret: added.secret };
  },
});
