import { Webhook } from "standardwebhooks";
import { addWebhookEndpoint } from "@/lib/webhook-endpoints/endpoints";
import { orgWithAdmin } from "./factories";
import type { WebhookReceiver } from "./webhook-receiver";

// biome-ignore lint/suspicious/noExplicitAny: a received body, read field by field
export type ReceivedBody = { type: string; data: Record<string, any> };

/**
 * An organization with an admin and one endpoint on `receiver`, and `received(n)`: waits for n
 * deliveries and returns their bodies, each verified with `standardwebhooks` (not our signer).
 */
export async function orgWithEndpoint(
  receiver: WebhookReceiver,
  events: Parameters<typeof addWebhookEndpoint>[1]["events"] = [],
) {
  const org = await orgWithAdmin();
  const endpoint = await addWebhookEndpoint(org.actor, { url: receiver.url, events });
  const received = async (count: number): Promise<ReceivedBody[]> => {
    await receiver.waitFor(count);
    // Settle: anything more than expected would show up in the assertions.
    await new Promise((resolve) => setTimeout(resolve, 150));
    return receiver.received.map(
      (request) =>
        new Webhook(endpoint.secret).verify(request.body, request.headers as Record<string, string>) as ReceivedBody,
    );
  };
  return { ...org, endpoint, received };
}

/**
 * Waits until no webhook attempt is in flight (a first attempt or a sweep started in the
 * background by a change), so one test's deliveries cannot land in the next one's receiver.
 */
export async function settleWebhooks(timeoutMs = 15_000): Promise<void> {
  const { db } = await import("@/lib/db/client");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inFlight = await db.outboxMessage.count({
      where: { kind: "webhook", sentAt: null, failedAt: null, lockedUntil: { gt: new Date() } },
    });
    if (inFlight === 0 || Date.now() > deadline) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
