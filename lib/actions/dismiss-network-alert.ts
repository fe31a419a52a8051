"use server";

import { dismissNetworkAlert } from "../api-keys/commands/dismiss-network-alert";
import { dismissNetworkAlertInputSchema } from "../key-health/network-alerts";
import { defineKeyAction } from "./auth-action";

/** Dismisses a new-network notice (Settings → API, a key's page) for the whole organization (audited). */
export const dismissNetworkAlertAction = defineKeyAction(
  "dismissNetworkAlert",
  dismissNetworkAlertInputSchema,
  async ({ organizationId, userId, input }) => {
    // Scoped by the session's organization: another organization's notice is "not found".
    return dismissNetworkAlert({ organizationId, userId, alertId: input.alertId });
  },
);
