import { after, type NextRequest } from "next/server";
import { hashApiKey, isWellFormedApiKey } from "../api-keys/format";
import { keyCacheGeneration } from "../api-keys/key-cache";
import { readKeyVersion } from "../api-keys/key-cache-version";
import type { VerifiedApiKey } from "../api-keys/verify";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import {
  countKeyRequest,
  countRateLimitedRequest,
  flushRequestCountsIfDue,
  requestCountsFlushDue,
} from "../requests/recorder";
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

export interface ApiKeyContext<Params> {
  org: { id: string; name: string; slug: string };
  apiKey: { id: string; name: string; prefix: string };
  params: Params;
}

/** Returns the JSON body of a 200; throws ApiError for any other answer. */
export type ApiHandler<Params> = (request: NextRequest, context: ApiKeyContext<Params>) => Promise<unknown>;

/**
 * The one wrapper of every /api/v1 route that needs a key: a present, well-formed key (no I/O),
 * its rate limit and invalidation version (one Redis round trip), then verification from the
 * cache or the hash's unique index within the address's failure budget, then the handler.
 * Last Used and the usage flush run after the response, only when due. The whole path, and why
 * it is not in proxy.ts, is in docs/architecture.md ("A keyed request").
 */
export function withApiKey<Params extends object = Record<string, never>>(handler: ApiHandler<Params>) {
  return async function apiRoute(request: NextRequest, route: { params: Promise<Params> }): Promise<Response> {
    const startedAt = Date.now();
    // Before anything is awaited: an invalidation from here on keeps this lookup out of the cache.
    const generation = keyCacheGeneration();
    // X-RateLimit-* of the key, once known: every response to a keyed request carries them.
    let limitHeaders: Record<string, string> = {};
    // In process, answers other than a 200 read the key's window without counting (peek).
    let peekHeaders: (() => Promise<Record<string, string>>) | undefined;
    let keyId: string | undefined;
    try {
      // Refused without any I/O: costs us nothing, so it costs the caller's address nothing.
      const presented = request.headers.get("x-api-key")?.trim();
      if (!presented) return apiErrorResponse("missing_api_key", API_ERROR_MESSAGES.missing_api_key);
      if (!isWellFormedApiKey(presented))
        return apiErrorResponse("invalid_api_key", API_ERROR_MESSAGES.invalid_api_key);

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
        if (!keyLimit.success) return refuseRateLimited(hash, startedAt, limitHeaders);
      } else {
        peekHeaders = async () => rateLimitHeaders(await keyLimiter.peek(hash));
      }

      const verification = await verifyWithinBudget(hash, () => clientAddress(request.headers), {
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
        const message =
          verification.status === "expired"
            ? expiredApiKeyMessage(verification.expiresAt, verification.rolled)
            : API_ERROR_MESSAGES.invalid_api_key;
        return apiErrorResponse("invalid_api_key", message, peekHeaders ? await peekHeaders() : limitHeaders);
      }
      // Allowed addresses travel with the verified key, compiled when it was looked up: an empty
      // list costs this one comparison; a list, parsing the client's address. No database read.
      const allowed = verification.key.allowedAddresses;
      if (allowed.size > 0) {
        const address = clientAddress(request.headers);
        if (!allowed.allows(address)) {
          const headers = peekHeaders ? await peekHeaders() : limitHeaders;
          return apiErrorResponse("address_not_allowed", addressNotAllowedMessage(address), headers);
        }
      }
      if (!countedEarly) {
        const keyLimit = await keyLimiter.limit(hash);
        limitHeaders = rateLimitHeaders(keyLimit);
        peekHeaders = undefined;
        if (!keyLimit.success) return refuseRateLimited(hash, startedAt, limitHeaders);
      }
      const { apiKey, org } = verification.key;
      keyId = apiKey.id;
      countKeyRequest(apiKey.id, startedAt);
      afterResponse(apiKey, startedAt);

      const body = await handler(request, {
        org,
        apiKey: { id: apiKey.id, name: apiKey.name, prefix: apiKey.prefix },
        params: await route.params,
      });
      return apiJson(body, 200, limitHeaders);
    } catch (error) {
      return errorResponse(error, request, keyId, peekHeaders ? await peekHeaders() : limitHeaders);
    }
  };
}

function refuseRateLimited(hash: string, startedAt: number, headers: Record<string, string>): Response {
  countRateLimitedRequest(hash, startedAt);
  afterResponse(null, startedAt);
  return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.rate_limited, headers);
}

/**
 * Work for after the response is sent (`after()`: it never delays or fails the API call, and
 * keeps a serverless function alive until done), scheduled only when there is some.
 */
function afterResponse(apiKey: VerifiedApiKey["apiKey"] | null, now: number) {
  const recordUse = apiKey !== null && lastUseDue(apiKey, now);
  const flush = requestCountsFlushDue(now);
  if (!recordUse && !flush) return;
  after(async () => {
    await Promise.all([recordUse ? recordApiKeyUse(apiKey, now) : null, flush ? flushRequestCountsIfDue() : null]);
  });
}

function errorResponse(
  error: unknown,
  request: NextRequest,
  keyId: string | undefined,
  headers: Record<string, string>,
): Response {
  if (error instanceof ApiError) return apiErrorResponse(error.code, error.message, headers);
  // Context for the log, never a secret: no headers, no query string (it may carry a cursor
  // only, but nothing here needs it), and the key's id rather than the key.
  const where = `${request.method} ${request.nextUrl.pathname} from ${clientAddress(request.headers)}${keyId ? ` (key ${keyId})` : ""}`;
  if (isDatabaseUnavailable(error)) {
    // Prisma's message opens with a code excerpt; its last line is the reason.
    const { code, message } = error as { code?: string; message?: string };
    const reason = String(message ?? "")
      .trim()
      .split("\n")
      .at(-1);
    console.error(`[api] ${where}: database unreachable (${code ?? "no code"}): ${reason}`);
    return apiErrorResponse("service_unavailable", API_ERROR_MESSAGES.service_unavailable, headers);
  }
  console.error(`[api] ${where} failed:`, error);
  return apiErrorResponse("internal_error", internalErrorMessage(env().SUPPORT_EMAIL), headers);
}
