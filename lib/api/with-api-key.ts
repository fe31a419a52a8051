import type { NextRequest } from "next/server";
import { hashApiKey, isWellFormedApiKey } from "../api-keys/format";
import { holds, type Permission } from "../api-keys/permissions";
import { readKeyVersion } from "../api-keys/verification/key-cache-version";
import { isLoadedKnownKeyHash } from "../api-keys/verification/known-hashes";
import { cachedVerification, type VerifiedApiKey } from "../api-keys/verification/verify";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { urlPath } from "../http/url-path";
import { componentLogger, errorReason } from "../log";
import {
  API_ERROR_MESSAGES,
  ApiError,
  addressNotAllowedMessage,
  expiredApiKeyMessage,
  insufficientPermissionMessage,
  internalErrorMessage,
} from "./errors";
import { type BudgetedVerification, lookUpWithinBudget } from "./failure-budget";
import { keyLimitFor, rateLimitHeaders } from "./rate-limits";
import { addressOf, type RequestContext, record, startRequest } from "./request-context";
import { apiErrorResponse, apiJson } from "./respond";

const log = componentLogger("api");

export interface ApiKeyContext<Params> {
  org: { id: string; name: string; slug: string };
  /** The calling key, without its secret or its cache state. */
  apiKey: {
    id: string;
    name: string;
    prefix: string;
    permissions: readonly Permission[];
    expiresAt: Date | null;
    allowedAddresses: readonly string[];
  };
  params: Params;
}

/** Returns the JSON body of a 200 (or an ApiResult for another status); throws ApiError for a refusal. */
export type ApiHandler<Params> = (request: NextRequest, context: ApiKeyContext<Params>) => Promise<unknown>;

/** A success other than 200, e.g. `new ApiResult(201, created)`. */
export class ApiResult {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export interface ApiRouteOptions {
  /** The route's pattern for its log lines, e.g. "/api/v1/calls/[id]" (never the ids themselves). */
  route: string;
  /**
   * The one permission the operation needs (lib/api/operation.ts declares it beside the route
   * and its OpenAPI operation); null only where any valid key may ask (GET /me).
   */
  permission: Permission | null;
}

/**
 * The one wrapper of every /api/v1 route that needs a key: authenticate (a present, well-formed
 * key without I/O; its rate limit and invalidation version in one Redis round trip; then the
 * cache or the hash's unique index within the address's failure budget), check what the key
 * may do, handle, then record: one log line, the request's record, Last Used and the flush of
 * records after the response. The whole path, and why it is not in proxy.ts, is in
 * docs/architecture.md ("A keyed request").
 */
export function withApiKey<Params extends object = Record<string, never>>(
  handler: ApiHandler<Params>,
  options: ApiRouteOptions,
) {
  const { permission } = options;
  // One async function for the whole request, its awaits inline and the steps around them
  // synchronous: under Next every promise also runs the async context's hooks, and a keyed
  // request with a cached key then needs no promise of ours beyond the version read and the
  // handler's (docs/benchmarks/2026-12-06-keyed-path/).
  return async function apiRoute(request: NextRequest, route: { params: Promise<Params> }): Promise<Response> {
    const context = startRequest(request);
    let response: Response;
    try {
      const hash = presentedKeyHash(request, context);
      if (hash instanceof Response) {
        response = hash;
      } else {
        const limit = context.limit;
        const counting = limit.beforeLookup(); // Upstash only: shares the version read's round trip
        const version = await readKeyVersion(hash);
        if (counting && !limit.allows(await counting)) {
          refusedBeforeLookup(context, hash, version);
          response = apiErrorResponse("rate_limited", API_ERROR_MESSAGES.rate_limited, limit.headers());
        } else {
          const verification =
            cachedVerification(hash, version) ??
            (await lookUpWithinBudget(hash, () => addressOf(request, context), {
              version,
              generation: context.generation,
              requestStartedAt: context.startedAt,
            }));
          const key = verified(verification, context);
          const refusal = key instanceof Response ? key : check(request, key, permission, context);
          if (refusal) {
            response = refusal;
          } else {
            const verifiedKey = key as VerifiedApiKey;
            context.used = verifiedKey.apiKey;
            const body = await handler(request, handlerContext(verifiedKey, await route.params));
            response =
              body instanceof ApiResult
                ? apiJson(body.body, body.status, context.limit.headers())
                : apiJson(body, 200, context.limit.headers());
          }
        }
      }
    } catch (error) {
      response = errorResponse(error, request, context);
    }
    return record(request, options.route, response, context);
  };
}

/**
 * Authentication's first steps, without any I/O: the presented key's hash (and its rate limit
 * set on the context), or the refusal of a missing or malformed key — refused without I/O, it
 * costs us nothing, so it costs the caller's address nothing.
 */
function presentedKeyHash(request: NextRequest, context: RequestContext): string | Response {
  const presented = request.headers.get("x-api-key")?.trim();
  if (!presented) return apiErrorResponse("missing_api_key", API_ERROR_MESSAGES.missing_api_key);
  if (!isWellFormedApiKey(presented)) return apiErrorResponse("invalid_api_key", API_ERROR_MESSAGES.invalid_api_key);
  const hash = hashApiKey(presented);
  context.limit = keyLimitFor(hash);
  return hash;
}

/** The verified key, or the refusal to send: unknown, revoked, expired, or over the failure budget. */
function verified(verification: BudgetedVerification, context: RequestContext): VerifiedApiKey | Response {
  if (verification.status === "active") {
    context.keyId = verification.key.apiKey.id;
    context.organizationId = verification.key.org.id;
    return verification.key;
  }
  if (verification.status === "over_budget") {
    return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.failed_attempts, rateLimitHeaders(verification.budget));
  }
  // A revoked or expired key is recorded on its key: its page shows who still tries it.
  context.keyId = verification.keyId;
  const message =
    verification.status === "expired"
      ? expiredApiKeyMessage(verification.expiresAt, verification.rolled)
      : API_ERROR_MESSAGES.invalid_api_key;
  return apiErrorResponse("invalid_api_key", message, context.limit.headers());
}

/** What the verified key may do here and now; a refusal, or undefined to go on to the handler. */
function check(
  request: NextRequest,
  key: VerifiedApiKey,
  permission: Permission | null,
  context: RequestContext,
): Response | undefined {
  // Allowed addresses travel with the verified key, compiled once when it was looked up: an
  // empty list costs this one comparison; a list, parsing the client's address. No database read.
  const allowed = key.allowedAddresses;
  if (allowed.size > 0) {
    const address = addressOf(request, context);
    if (!allowed.allows(address)) {
      return apiErrorResponse("address_not_allowed", addressNotAllowedMessage(address), context.limit.headers());
    }
  }
  // Permissions travel with the verified key too: at most four names, no read.
  if (permission !== null && !holds(key.permissions, permission)) {
    const message = insufficientPermissionMessage(permission);
    return apiErrorResponse("insufficient_permission", message, context.limit.headers());
  }
  if (!context.limit.afterVerification().success) {
    return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.rate_limited, context.limit.headers());
  }
  return undefined;
}

/** What a handler is told: the organization, and the key without its secrets or its cache state. */
function handlerContext<Params>(key: VerifiedApiKey, params: Params): ApiKeyContext<Params> {
  const { apiKey } = key;
  return {
    org: key.org,
    apiKey: {
      id: apiKey.id,
      name: apiKey.name,
      prefix: apiKey.prefix,
      permissions: key.permissions,
      expiresAt: key.expiresAt,
      allowedAddresses: key.allowedAddressList,
    },
    params,
  };
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
function refusedBeforeLookup(context: RequestContext, hash: string, version: string | null | undefined) {
  const cached = cachedVerification(hash, version);
  if (cached?.status === "active") {
    context.keyId = cached.key.apiKey.id;
    context.organizationId = cached.key.org.id;
    return;
  }
  // A revoked or expired key's cached refusal still names it: its page shows who tries it.
  if (cached?.keyId) {
    context.keyId = cached.keyId;
    return;
  }
  context.keyHash = hash;
  context.countOnly = !isLoadedKnownKeyHash(hash);
}

function errorResponse(error: unknown, request: NextRequest, context: RequestContext): Response {
  const headers = context.limit.headers();
  if (error instanceof ApiError) return apiErrorResponse(error.code, error.message, headers);
  // Context for the log, never a secret: no headers, no query string, the key's id (not the key).
  const logged = {
    requestId: context.requestId,
    method: request.method,
    path: urlPath(request.url),
    clientAddress: addressOf(request, context),
    keyId: context.keyId,
  };
  if (isDatabaseUnavailable(error)) {
    const { code } = error as { code?: string };
    log.error({ ...logged, code: code ?? null, reason: errorReason(error) }, "database unreachable");
    return apiErrorResponse("service_unavailable", API_ERROR_MESSAGES.service_unavailable, headers);
  }
  log.error({ ...logged, err: error }, "api request failed");
  return apiErrorResponse("internal_error", internalErrorMessage(env().SUPPORT_EMAIL), headers);
}
