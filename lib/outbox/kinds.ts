import { z } from "zod";
import { sendEmail } from "../email/mailer";

/**
 * What the outbox carries (lib/outbox/outbox.ts moves it): each kind of message, its payload,
 * its sender and its retry policy. A kind whose module depends on the outbox (webhooks)
 * registers its sender here, so the outbox does not import it back.
 */

/** Each kind of message and what its payload holds. */
export const PAYLOADS = {
  email: z.object({ to: z.array(z.string()), subject: z.string(), text: z.string() }),
  // A webhook delivery: the row of WebhookDelivery with this message's id (lib/webhooks/deliver.ts).
  webhook: z.object({ deliveryId: z.string() }),
} as const;

export type OutboxKind = keyof typeof PAYLOADS;
export type OutboxMessageInput = { kind: "email"; payload: z.infer<(typeof PAYLOADS)["email"]> };

/** What a sender knows of the attempt it makes. */
export interface Attempt {
  messageId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** The last attempt the message gets: failing it gives the message up. */
  lastAttempt: boolean;
}

/** A failure that no retry can fix (the endpoint was disabled): the message is given up now. */
export class PermanentFailure extends Error {}

/** Nothing was sent and nothing will be: what the message was about is gone (a deleted endpoint). */
export const NOTHING_TO_SEND = "nothing to send";

export type Sender<Kind extends OutboxKind> = (
  payload: z.infer<(typeof PAYLOADS)[Kind]>,
  attempt: Attempt,
) => Promise<undefined | typeof NOTHING_TO_SEND>;

export const SENDERS: { [Kind in OutboxKind]?: Sender<Kind> } = {
  email: async (payload) => {
    await sendEmail(payload);
    return undefined;
  },
};

/**
 * Registers the sender of a kind whose module depends on this one (webhooks), so the outbox
 * does not import it back. Every entry point that may send such messages imports that module.
 */
export function registerSender<Kind extends OutboxKind>(kind: Kind, sender: Sender<Kind>): void {
  (SENDERS as Record<string, unknown>)[kind] = sender;
}

/** Attempts before giving up (with the backoff below: about 8.5 hours of retries, if the job runs that often). */
export const MAX_ATTEMPTS = 10;
/** Wait after the n-th failed attempt: 1 min × 2^(n−1), at most 6 hours. */
export const BACKOFF_BASE_MS = 60_000;
export const BACKOFF_MAX_MS = 6 * 3_600_000;
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

/**
 * Webhooks retry on the schedule receivers know from Standard Webhooks senders: after 5 s,
 * 1 min, 5 min, 30 min, 2 h, 6 h, 12 h and 24 h — nine attempts over about 45 hours.
 */
export const WEBHOOK_RETRY_DELAYS_MS = [
  5_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** Each kind's attempts and the wait after the n-th failed one. */
export const RETRY_POLICIES: Record<OutboxKind, { maxAttempts: number; delayMs: (attempts: number) => number }> = {
  email: { maxAttempts: MAX_ATTEMPTS, delayMs: backoffMs },
  webhook: {
    maxAttempts: WEBHOOK_RETRY_DELAYS_MS.length + 1,
    delayMs: (attempts) => WEBHOOK_RETRY_DELAYS_MS[Math.min(attempts, WEBHOOK_RETRY_DELAYS_MS.length) - 1],
  },
};

export const policyOf = (kind: string) => RETRY_POLICIES[kind as OutboxKind] ?? RETRY_POLICIES.email;
