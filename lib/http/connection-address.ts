import { randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";

/**
 * The connection's own address, for deployments with no proxy in front (TRUSTED_PROXY_HOPS=0).
 *
 * Route handlers never see the socket, and X-Forwarded-For is the client's to write when nothing
 * sits in front (Next fills it only when it is absent). So the server process stamps every
 * incoming request, before Next reads it, with a private header holding `socket.remoteAddress`,
 * overwriting any copy the client sent. The stamp also carries a random token made when this
 * process installed it: a request that reached the app without passing the stamp (the first
 * moments after start, before instrumentation ran; a runtime without it) cannot present a value
 * of its own, and clientAddress() answers "unknown" for it instead. See docs/architecture.md,
 * "Who the client is".
 */
export const CONNECTION_ADDRESS_HEADER = "x-glyphic-connection-address";

const TOKEN = Symbol.for("glyphic.connection-address-token");
const store = globalThis as unknown as { [TOKEN]?: string };

/** Installs the stamp in this process (idempotent). Call once, at server start. */
export function installConnectionAddressStamp(): void {
  if (store[TOKEN]) return;
  const token = randomBytes(16).toString("hex");
  // Next's server is a plain node:http server (standalone and `next start`). Every request
  // reaches its listeners through emit: "request", or "checkContinue" / "checkExpectation" for
  // `Expect:` requests. Stamped synchronously, before any listener runs; the assignment
  // replaces whatever the client sent under that name (Next builds the route's Request from
  // these parsed headers).
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function stampedEmit(this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request" || event === "checkContinue" || event === "checkExpectation") {
      const request = args[0] as http.IncomingMessage;
      request.headers[CONNECTION_ADDRESS_HEADER] = `${token} ${request.socket?.remoteAddress ?? ""}`;
    }
    return Reflect.apply(emit, this, [event, ...args]);
  } as typeof emit;
  store[TOKEN] = token;
}

/** The stamped address of a request, or undefined when it carries no genuine stamp. */
export function stampedConnectionAddress(value: string | undefined): string | undefined {
  const token = store[TOKEN];
  if (!token || !value) return undefined;
  const space = value.indexOf(" ");
  const presented = Buffer.from(value.slice(0, Math.max(0, space)));
  const expected = Buffer.from(token);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
  return value.slice(space + 1);
}

/** Whether this process stamps its requests (TRUSTED_PROXY_HOPS=0 needs it). */
export function connectionAddressStampInstalled(): boolean {
  return Boolean(store[TOKEN]);
}
