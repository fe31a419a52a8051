import { after, type NextRequest } from "next/server";
import { hashApiKey, isWellFormedApiKey } from "../api-keys/format";
import { keyCacheGeneration } from "../api-keys/verification/key-cache";
import { readKeyVersion } from "../api-keys/verification/key-cache-version";
import { isLoadedKnownKeyHash } from "../api-keys/verification/known-hashes";
import { cachedVerification, type VerifiedApiKey } from "../api-keys/verification/verify";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { requestId } from "../http/request-id";
import { urlPath } from "../http/url-path";
import { componentLogger, errorReason } from "../log";
import type { RateLimitResult } from "../rate-limit";
import { flushRequestsIfDue, recordRequest, requestsFlushDue } from "../requests/recorder";
import { shuttingDown } from "../shutdown";
import {
  API_ERROR_MESSAGES,
  ApiError,
  addressNotAllowedMessage,
  expiredApiKeyMessage,
  internalErrorMessage,
} from "./errors";
import { verifyWithinBudget } from "./failure-budget";
import { lastUseDue, recordApiKeyUse } from "./last-used";
import { keyRateLimiter, rateLimitHeaders } from "./rate-limits";
import { apiErrorResponse, apiJson } from "./respond";

const log = componentLogger("api");

export interface ApiKeyContext<Params> {
  org: { id: string; name: string; slug: string };
  apiKey: { id: string; name: string; prefix: string };
  params: Params;
}

/** Returns the JSON body of a 200; throws ApiError for any other answer. */
export type ApiHandler<Params> = (request: NextRequest, context: ApiKeyContext<Params>) => Promise<unknown>;

export interface ApiRouteOptions {
  /** The route's pattern for its log lines, e.g. "/api/v1/calls/[id]" (never the ids themselves). */
  route: string;
}

/** What serving a request learnt, for its log line and its record (filled in as it goes). */
interface Trace {
  requestId: string;
  address: string | undefined;
  keyId?: string;
  /** A key known only by its hash: refused by its own rate limit before the lookup (Upstash). */
  keyHash?: string;
  /** Count the request on `keyHash` but keep no record of it (refusedBeforeLookup). */
  countOnly?: boolean;
  organizationId?: string;
  rateLimit?: "allowed" | "limited" | "failed_open";
  /** The key whose Last Used may be due. */
  used?: VerifiedApiKey["apiKey"];
}

/**
 * The one wrapper of every /api/v1 route that needs a key: a present, well-formed key (no I/O),
 * its rate limit and invalidation version (one Redis round trip), then verification from the
 * cache or the hash's unique index within the address's failure budget, then the handler.
 * One log line per request; its record, Last Used and the flush of records after the response. The whole path, and why
 * it is not in proxy.ts, is in docs/architecture.md ("A keyed request").
 */
export function withApiKey<Params extends object = Record<string, never>>(
  handler: ApiHandler<Params>,
  options: ApiRouteOptions = { route: "/api/v1" },
) {
  return async function apiRoute(request: NextRequest, route: { params: Promise<Params> }): Promise<Response> {
    const startedAt = Date.now();
    const started = performance.now();
    // Before anything is awaited: an invalidation from here on keeps this lookup out of the cache.
    const generation = keyCacheGeneration();
    const trace: Trace = { requestId: requestId(request.headers), address: undefined };
    const response = await serve(request, route, handler, trace, startedAt, generation);
    response.headers.set("X-Request-Id", trace.requestId);
    if (shuttingDown()) response.headers.set("Connection", "close");
    finish(request, options.route, response.status, trace, startedAt, performance.now() - started);
    return response;
  };
}

/** The client address, worked out once per request and only when something needs it. */
function addressOf(request: NextRequest, trace: Trace): string {
  trace.address ??= clientAddress(request.headers);
  return trace.address;
}

async function serve<Params>(
  request: NextRequest,
  route: { params: Promise<Params> },
  handler: ApiHandler<Params>,
  trace: Trace,
  startedAt: number,
  generation: number,
): Promise<Response> {
  // X-RateLimit-* of the key, once known: every response to a keyed request carries them.
  let limitHeaders: Record<string, string> = {};
  // In process, answers other than a 200 read the key's window without counting (peek).
  let peekHeaders: (() => Promise<Record<string, string>>) | undefined;
  try {
    // Refused without any I/O: costs us nothing, so it costs the caller's address nothing.
    const presented = request.headers.get("x-api-key")?.trim();
    if (!presented) return apiErrorResponse("missing_api_key", API_ERROR_MESSAGES.missing_api_key);
    if (!isWellFormedApiKey(presented)) return apiErrorResponse("invalid_api_key", API_ERROR_MESSAGES.invalid_api_key);

    const hash = hashApiKey(presented);
    const keyLimiter = keyRateLimiter();
    // On Upstash the key's limit is counted in the same pipelined round trip as its version.
    // In process it is counted only once the key is verified, so a key that fails verification
    // leaves no counter behind (a flood of unknown keys cannot grow the limiter).
    const countedEarly = keyLimiter.backend === "upstash" ? keyLimiter.limit(hash) : undefined;
    const version = await readKeyVersion(hash);
    if (countedEarly) {
      const keyLimit = await countedEarly;
      limitHeaders = rateLimitHeaders(keyLimit);
      trace.rateLimit = limiterOutcome(keyLimit);
      if (!keyLimit.success) {
        refusedBeforeLookup(trace, hash, version);
        return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.rate_limited, limitHeaders);
      }
    } else {
      peekHeaders = async () => rateLimitHeaders(await keyLimiter.peek(hash));
    }

    const verification = await verifyWithinBudget(hash, () => addressOf(request, trace), {
      version,
      generation,
      requestStartedAt: startedAt,
    });
    if (verification.status === "over_budget") {
      return apiErrorResponse(
        "rate_limited",
        API_ERROR_MESSAGES.failed_attempts,
        rateLimitHeaders(verification.budget),
      );
    }
    if (verification.status !== "active") {
      // A revoked or expired key is recorded on its key: its page shows who still tries it.
      trace.keyId = verification.keyId;
      const message =
        verification.status === "expired"
          ? expiredApiKeyMessage(verification.expiresAt, verification.rolled)
          : API_ERROR_MESSAGES.invalid_api_key;
      return apiErrorResponse("invalid_api_key", message, peekHeaders ? await peekHeaders() : limitHeaders);
    }
    const { apiKey, org } = verification.key;
    trace.keyId = apiKey.id;
    trace.organizationId = org.id;
    // Allowed addresses travel with the verified key, compiled once when it was looked up: an
    // empty list costs this one comparison; a list, parsing the client's address. No database read.
    const allowed = verification.key.allowedAddresses;
    if (allowed.size > 0) {
      const address = addressOf(request, trace);
      if (!allowed.allows(address)) {
        const headers = peekHeaders ? await peekHeaders() : limitHeaders;
        return apiErrorResponse("address_not_allowed", addressNotAllowedMessage(address), headers);
      }
    }
    if (!countedEarly) {
      const keyLimit = await keyLimiter.limit(hash);
      limitHeaders = rateLimitHeaders(keyLimit);
      trace.rateLimit = limiterOutcome(keyLimit);
      peekHeaders = undefined;
      if (!keyLimit.success) return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.rate_limited, limitHeaders);
    }
    trace.used = apiKey;

    const body = await handler(request, {
      org,
      apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix },
      params: await route.params,
    });
    return apiJson(body, 200, limitHeaders);
  } catch (error) {
    return errorResponse(error, request, trace, peekHeaders ? await peekHeaders() : limitHeaders);
  }
}

/**
 * Whose request a refusal by the key's own limit was, before any lookup (Upstash). Without I/O:
 * this instance's cached answer for the hash gives the key's id (and its organization), so it is
 * recorded like any other; else a hash the set of known keys already holds — never loaded here
 * (lib/api-keys/verification/known-hashes.ts: only the failure budget loads it) — is recorded by hash. Any
 * other hash is counted only: the request is not kept, so a flood with a made-up key (its own
 * limit refuses it after the first requests, at one Redis round trip each) cannot push real
 * requests out of the shared buffer, nor cost Postgres a lookup.
 */
function refusedBeforeLookup(trace: Trace, hash: string, version: string | null | undefined) {
  const cached = cachedVerification(hash, version);
  if (cached?.status === "active") {
    trace.keyId = cached.key.apiKey.id;
    trace.organizationId = cached.key.org.id;
    return;
  }
  // A revoked or expired key's cached refusal still names it: its page shows who tries it.
  if (cached?.keyId) {
    trace.keyId = cached.keyId;
    return;
  }
  trace.keyHash = hash;
  trace.countOnly = !isLoadedKnownKeyHash(hash);
}

function limiterOutcome(result: RateLimitResult): Trace["rateLimit"] {
  if (result.failedOpen) return "failed_open";
  return result.success ? "allowed" : "limited";
}

/**
 * After the response is built: one log line, the request's record, and the work that may be
 * due (Last Used, moving recorded requests to Postgres). The work runs in `after()`, which
 * never delays or fails the API call and keeps a serverless function alive until it is done;
 * it is scheduled only when there is some.
 */
function finish(
  request: NextRequest,
  route: string,
  status: number,
  trace: Trace,
  startedAt: number,
  durationMs: number,
) {
  const address = addressOf(request, trace);
  const line = {
    requestId: trace.requestId,
    method: request.method,
    route,
    status,
    durationMs: Math.round(durationMs * 10) / 10,
    keyId: trace.keyId,
    organizationId: trace.organizationId,
    clientAddress: address,
    rateLimit: trace.rateLimit,
  };
  if (status >= 500) log.error(line, "api request");
  else log.info(line, "api request");

  const recorded = recordRequest({
    keyId: trace.keyId,
    keyHash: trace.keyHash,
    countOnly: trace.countOnly,
    at: startedAt,
    method: request.method,
    path: urlPath(request.url),
    status,
    clientAddress: address,
    userAgent: request.headers.get("user-agent"),
    durationMs,
  });
  const used = trace.used;
  const recordUse = used !== undefined && lastUseDue(used, startedAt);
  const flush = requestsFlushDue(startedAt);
  if (!recorded && !recordUse && !flush) return;
  after(async () => {
    await Promise.all([
      recorded?.(),
      recordUse ? recordApiKeyUse(used, startedAt) : null,
      flush ? flushRequestsIfDue() : null,
    ]);
  });
}

function errorResponse(error: unknown, request: NextRequest, trace: Trace, headers: Record<string, string>): Response {
  if (error instanceof ApiError) return apiErrorResponse(error.code, error.message, headers);
  // Context for the log, never a secret: no headers, no query string, the key's id (not the key).
  const context = {
    requestId: trace.requestId,
    method: request.method,
    path: urlPath(request.url),
    clientAddress: addressOf(request, trace),
    keyId: trace.keyId,
  };
  if (isDatabaseUnavailable(error)) {
    const { code } = error as { code?: string };
    log.error({ ...context, code: code ?? null, reason: errorReason(error) }, "database unreachable");
    return apiErrorResponse("service_unavailable", API_ERROR_MESSAGES.service_unavailable, headers);
  }
  log.error({ ...context, err: error }, "api request failed");
  return apiErrorResponse("internal_error", internalErrorMessage(env().SUPPORT_EMAIL), headers);
}
