import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A real HTTP receiver for webhook tests (unit, system and browser): it records every request
 * (headers and the raw body, byte for byte, as a verifier needs them) and answers what the test
 * sets — 204 by default, or a status, or no answer for a while.
 */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  received: ReceivedWebhook[];
  /** TCP connections accepted (a refused address must not even connect). */
  connections: number;
  /** What the next requests get: a status, or a status after a delay. Shifted per request; then `fallback`. */
  respond: { status: number; delayMs?: number }[];
  fallback: { status: number; delayMs?: number };
  /** Waits until `count` requests arrived (or throws after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = {
    received: [] as ReceivedWebhook[],
    connections: 0,
    respond: [] as { status: number; delayMs?: number }[],
    fallback: { status: 204 } as { status: number; delayMs?: number },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      receiver.received.push({
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        path: request.url ?? "/",
        at: Date.now(),
      });
      const answer = receiver.respond.shift() ?? receiver.fallback;
      const send = () => {
        if (response.destroyed) return;
        response.statusCode = answer.status;
        response.end(answer.status >= 400 ? "receiver says no" : "");
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  server.on("connection", () => receiver.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/glyphic`,
    port,
    async waitFor(count: number, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > deadline) {
          throw new Error(`the receiver got ${receiver.received.length} of ${count} webhooks in ${timeoutMs} ms`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return receiver.received;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
