import { z } from "zod";
import { RECORD_ID } from "../db/record-id";
import type { WebhookEventType } from "../webhook-event-types";
import { SUBSCRIBABLE_EVENTS } from "./endpoints";

/**
 * What the webhook forms send (Settings → API → Webhooks and an endpoint's page). Only the shape
 * is checked here; whether the URL may receive events (scheme, public address) is
 * lib/webhooks/addresses.ts's answer, given beside the URL field too.
 */

export const ENDPOINT_URL_MAX_LENGTH = 2000;

const urlSchema = z
  .string({ error: "Enter the URL that receives the events." })
  .trim()
  .min(1, "Enter the URL that receives the events.")
  .max(ENDPOINT_URL_MAX_LENGTH, "The URL is too long (at most 2,000 characters).");

const EVENTS_MESSAGE = `Choose events from ${SUBSCRIBABLE_EVENTS.join(", ")}.`;

const EVENT_TYPE = z.enum(SUBSCRIBABLE_EVENTS as [WebhookEventType, ...WebhookEventType[]], { error: EVENTS_MESSAGE });

/** Empty: every event (also the ones added later). */
const eventsSchema = z
  .array(EVENT_TYPE, { error: "Choose the events to send: all, or a list." })
  // Piped: a value that is not a list of events gets one message, not also this one.
  .pipe(z.array(EVENT_TYPE).max(SUBSCRIBABLE_EVENTS.length, "Choose each event once."));

const idSchema = (what: string) =>
  z
    .string({ error: `This ${what} doesn't exist. Reload the page.` })
    .regex(RECORD_ID, `This ${what} doesn't exist. Reload the page.`);

export const addWebhookEndpointInputSchema = z.object({ url: urlSchema, events: eventsSchema.default([]) });

export const webhookEndpointInputSchema = z.object({ endpointId: idSchema("endpoint") });

export const setWebhookEndpointEnabledInputSchema = z.object({
  endpointId: idSchema("endpoint"),
  enabled: z.boolean({ error: "Choose whether the endpoint is enabled." }),
});

export const retryWebhookDeliveryInputSchema = z.object({
  endpointId: idSchema("endpoint"),
  deliveryId: idSchema("delivery"),
});
