import { randomUUID } from "node:crypto";

/** What a caller may choose as its request id: a token that is safe in a header and a log line. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * The id of this request, sent back as X-Request-Id and written in its log line, so a caller
 * who quotes it lets us find the line. An incoming X-Request-Id (from the caller or a proxy)
 * is kept when it is a safe token; anything else is replaced, never echoed.
 */
export function requestId(headers: Headers): string {
  const incoming = headers.get("x-request-id");
  return incoming !== null && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** Sets X-Request-Id on an API response (route handlers' responses have mutable headers). */
export function withRequestIdHeader(response: Response, id: string): Response {
  response.headers.set("X-Request-Id", id);
  return response;
}
