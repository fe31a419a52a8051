import { ApiKeyError } from "../errors";
import { type Actor, inOrganization } from "./key-change";

/** Hides a leak notice for every admin of the organization, with an audit event saying who. */
export async function dismissLeakNotice(input: Actor & { userId: string; leakId: string }): Promise<{ id: string }> {
  return inOrganization(input, async ({ tx, now, audit }) => {
    const { count } = await tx.keyLeak.updateMany({
      where: { id: input.leakId, organizationId: input.organizationId, dismissedAt: null },
      data: { dismissedAt: now, dismissedById: input.userId },
    });
    if (count === 0) throw new ApiKeyError("not_found", "This notice doesn't exist or was already dismissed.");
    const leak = await tx.keyLeak.findUniqueOrThrow({
      where: { id: input.leakId },
      select: { apiKey: { select: { id: true, name: true, prefix: true } } },
    });
    await audit(leak.apiKey, { action: "api_key.leak_dismissed", details: { leakId: input.leakId } });
    return { id: input.leakId };
  });
}
