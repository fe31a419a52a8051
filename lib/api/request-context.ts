import { after, type NextRequest } from "next/server";
import { keyCacheGeneration } from "../api-keys/verification/key-cache";
import type { VerifiedApiKey } from "../api-keys/verification/verify";
import { clientAddress } from "../http/client-address";
import { requestId } from "../http/request-id";
import { urlPath } from "../http/url-path";
import { componentLogger } from "../log";
import { flushRequestsIfDue, recordRequest, requestsFlushDue } from "../requests/recorder";
import { shuttingDown } from "../shutdown";
import { lastUseDue, recordApiKeyUse } from "./last-used";
import { type KeyLimit, NO_KEY_LIMIT } from "./rate-limits";

const log = componentLogger("api");

/**
 * One keyed request's state, made once by withApiKey (with-api-key.ts) instead of being threaded
 * through as loose values: what serving it learns, for its log line and its record.
 */
export interface RequestContext {
  requestId: string;
  startedAt: number;
  /** performance.now() at the start, for the log line's duration. */
  started: number;
  /** keyCacheGeneration() before anything is awaited: an invalidation from then on keeps this lookup out of the cache. */
  generation: number;
  /** The client address, worked out once and only when something needs it (addressOf). */
  address: string | undefined;
  /** The key's own rate limit, once the key's hash is known. */
  limit: KeyLimit;
  keyId: string | undefined;
  /** A key known only by its hash: refused by its own rate limit before the lookup (Upstash). */
  keyHash: string | undefined;
  /** Count the request on `keyHash` but keep no record of it (refusedBeforeLookup). */
  countOnly: boolean | undefined;
  organizationId: string | undefined;
  /** The key whose Last Used may be due: it got through to the handler. */
  used: VerifiedApiKey["apiKey"] | undefined;
}

export function startRequest(request: NextRequest): RequestContext {
  return {
    startedAt: Date.now(),
    started: performance.now(),
    generation: keyCacheGeneration(),
    requestId: requestId(request.headers),
    address: undefined,
    limit: NO_KEY_LIMIT,
    keyId: undefined,
    keyHash: undefined,
    countOnly: undefined,
    organizationId: undefined,
    used: undefined,
  };
}

/** The client address, worked out once per request and only when something needs it. */
export function addressOf(request: NextRequest, context: RequestContext): string {
  context.address ??= clientAddress(request.headers);
  return context.address;
}

/**
 * After the response is built: its X-Request-Id, one log line, the request's record, and the
 * work that may be due (Last Used, moving recorded requests to Postgres). The work runs in
 * `after()`, which never delays or fails the API call and keeps a serverless function alive
 * until it is done; it is scheduled only when there is some.
 */
export function record(request: NextRequest, route: string, response: Response, context: RequestContext): Response {
  response.headers.set("X-Request-Id", context.requestId);
  if (shuttingDown()) response.headers.set("Connection", "close");
  const { status } = response;
  const { startedAt } = context;
  const durationMs = performance.now() - context.started;
  const address = addressOf(request, context);
  const line = {
    requestId: context.requestId,
    method: request.method,
    route,
    status,
    durationMs: Math.round(durationMs * 10) / 10,
    keyId: context.keyId,
    organizationId: context.organizationId,
    clientAddress: address,
    rateLimit: context.limit.outcome(),
  };
  if (status >= 500) log.error(line, "api request");
  else log.info(line, "api request");

  const recorded = recordRequest({
    keyId: context.keyId,
    keyHash: context.keyHash,
    countOnly: context.countOnly,
    at: startedAt,
    method: request.method,
    path: urlPath(request.url),
    status,
    clientAddress: address,
    userAgent: request.headers.get("user-agent"),
    durationMs,
  });
  const used = context.used;
  const recordUse = used !== undefined && lastUseDue(used, startedAt);
  const flush = requestsFlushDue(startedAt);
  if (recorded || recordUse || flush) {
    after(async () => {
      await Promise.all([
        recorded?.(),
        recordUse ? recordApiKeyUse(used, startedAt) : null,
        flush ? flushRequestsIfDue() : null,
      ]);
    });
  }
  return response;
}
