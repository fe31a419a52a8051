import { WEBHOOK_EVENT_TYPES, WEBHOOK_EVENTS } from "../webhook-event-types";
import { WEBHOOK_DELIVERY, WEBHOOK_HEADERS } from "./openapi-webhooks";
import { webhookExample } from "./webhook-examples";

/**
 * What the Webhooks section of /docs/api shows besides its prose: the events, an example body,
 * the headers and the delivery terms, all read from the code that sends them. The receiver
 * below is run as written by lib/api/docs-webhooks.test.ts against real deliveries.
 */
export const WEBHOOK_RECEIVER_EXAMPLE = `import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

// The endpoint's signing secret (whsec_…), shown once when the endpoint is added.
const webhook = new Webhook(process.env.GLYPHIC_WEBHOOK_SECRET);
// Events already handled. In production keep their ids in your database (a unique column).
const handled = new Set();

createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    // Verify the raw bytes: parsed and serialized again, the JSON would no longer match.
    const body = Buffer.concat(chunks).toString("utf8");
    let event;
    try {
      event = webhook.verify(body, request.headers);
    } catch {
      response.writeHead(400).end(); // not signed with your secret, or too old
      return;
    }
    // Answer first (within ${WEBHOOK_DELIVERY.timeoutSeconds} s), then work: a slow answer counts as a failure.
    response.writeHead(204).end();
    const id = request.headers["webhook-id"];
    if (handled.has(id)) return; // a retry of an event you already have
    handled.add(id);
    handle(event);
  });
}).listen(Number(process.env.PORT ?? 3000));

function handle(event) {
  // e.g. key.leaked: page whoever owns the integration that used the key
  console.log(event.type, event.data.key?.name ?? "");
}
`;

export function webhookDocs() {
  return {
    events: WEBHOOK_EVENT_TYPES.map((type) => ({ type, ...WEBHOOK_EVENTS[type] })),
    example: webhookExample("key.rolled"),
    headers: Object.entries(WEBHOOK_HEADERS),
    delivery: WEBHOOK_DELIVERY,
  };
}
