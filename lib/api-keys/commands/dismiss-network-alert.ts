import { ApiKeyError } from "../errors";
import { type Actor, inOrganization } from "./key-change";

/** Hides a new-network notice for every admin of the organization, with an audit event saying who. */
export async function dismissNetworkAlert(input: Actor & { userId: string; alertId: string }): Promise<{ id: string }> {
  return inOrganization(input, async ({ tx, now, audit }) => {
    const { count } = await tx.keyNetworkAlert.updateMany({
      where: { id: input.alertId, organizationId: input.organizationId, dismissedAt: null },
      data: { dismissedAt: now, dismissedById: input.userId },
    });
    if (count === 0) throw new ApiKeyError("not_found", "This notice doesn't exist or was already dismissed.");
    const alert = await tx.keyNetworkAlert.findUniqueOrThrow({
      where: { id: input.alertId },
      select: { network: true, apiKey: { select: { id: true, name: true, prefix: true } } },
    });
    await audit(alert.apiKey, {
      action: "api_key.network_alert_dismissed",
      details: { alertId: input.alertId, network: alert.network },
    });
    return { id: input.alertId };
  });
}
