import { after, type NextRequest } from "next/server";
import { hashApiKey, isWellFormedApiKey } from "../api-keys/format";
import { keyCacheGeneration } from "../api-keys/key-cache";
import { readKeyVersion } from "../api-keys/key-cache-version";
import { type VerifiedApiKey, verifyApiKey } from "../api-keys/verify";
import { env } from "../env";
import { countKeyRequest, countRateLimitedRequest, flushUsageIfDue, usageFlushDue } from "../usage/recorder";
import { isDatabaseUnavailable } from "./database-errors";
import { API_ERROR_MESSAGES, ApiError, type ApiErrorCode, expiredApiKeyMessage } from "./errors";
import { lastUseDue, recordApiKeyUse } from "./last-used";
import { clientAddress, failedAttemptsLimiter, keyRateLimiter, rateLimitHeaders } from "./rate-limits";
import { apiErrorResponse, apiJson } from "./respond";

export interface ApiKeyContext<Params> {
  org: { id: string; name: string; slug: string };
  apiKey: { id: string; name: string; prefix: string };
  params: Params;
}

/** Returns the JSON body of a 200; throws ApiError for any other answer. */
export type ApiHandler<Params> = (request: NextRequest, context: ApiKeyContext<Params>) => Promise<unknown>;

/**
 * The one wrapper of every /api/v1 route that needs a key. In order, and before any database
 * work: the X-API-Key header must be present and well formed (checksum, no I/O); the key's
 * rate limit (keyed by its SHA-256), its caller's failed-attempt budget and the key's
 * invalidation version are read in one Redis round trip. Only then is the key verified: from
 * this process's cache of verified keys when it may be trusted, else on the hash's unique index.
 *
 * These checks live here rather than in proxy.ts on purpose: on this stack a proxy costs up to
 * half the throughput of a route on its own (PLATFORM.md: a trivial proxy.ts in front of a
 * no-DB route → 0.50–0.74 of baseline), and nothing here needs to happen before routing.
 * Doing them first thing in the route gives the same guarantee (no DB work for a missing,
 * malformed or rate-limited key) without a second pass through the server per request.
 *
 * Revocation is immediate although verified keys are cached: a revoke (or roll, rename, expiry
 * change) drops the key from this process and publishes a new invalidation version before it
 * returns, and every request compares the version it read with the one its cache entry was
 * verified under (lib/api-keys/key-cache.ts).
 *
 * After the response, and only when due: Last Used (at most once per key per minute) and the
 * flush of the usage counts (lib/usage/recorder.ts), so most requests schedule nothing.
 */
export function withApiKey<Params extends object = Record<string, never>>(handler: ApiHandler<Params>) {
  return async function apiRoute(request: NextRequest, route: { params: Promise<Params> }): Promise<Response> {
    const startedAt = Date.now();
    // Before anything is awaited: an invalidation from here on keeps this lookup out of the cache.
    const generation = keyCacheGeneration();
    // X-RateLimit-* of the key, once known: every response to a keyed request carries them.
    let limitHeaders: Record<string, string> = {};
    let keyId: string | undefined;
    try {
      const address = clientAddress(request.headers);
      const presented = request.headers.get("x-api-key")?.trim();
      if (!presented) return await refuseAttempt(address, "missing_api_key");
      if (!isWellFormedApiKey(presented)) return await refuseAttempt(address, "invalid_api_key");

      const hash = hashApiKey(presented);
      // Issued together, so @upstash/redis sends the three in one pipelined HTTP request.
      const [keyLimit, attempts, version] = await Promise.all([
        keyRateLimiter().limit(hash),
        failedAttemptsLimiter().peek(address),
        readKeyVersion(hash),
      ]);
      // An address that keeps failing gets no lookups at all, whatever key it sends next:
      // otherwise it could keep guessing and learn when a guess hits. (Requests already in
      // flight when the budget runs out still finish, so the bound is 30 + concurrency.)
      if (!attempts.success) {
        return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.failed_attempts, rateLimitHeaders(attempts));
      }
      limitHeaders = rateLimitHeaders(keyLimit);
      if (!keyLimit.success) {
        countRateLimitedRequest(hash, startedAt);
        afterResponse(null, startedAt);
        return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.rate_limited, limitHeaders);
      }

      const verification = await verifyApiKey(hash, { version, generation, requestStartedAt: startedAt });
      if (verification.status !== "active") {
        await failedAttemptsLimiter().limit(address);
        const message =
          verification.status === "expired"
            ? expiredApiKeyMessage(verification.expiresAt, verification.rolled)
            : API_ERROR_MESSAGES.invalid_api_key;
        return apiErrorResponse("invalid_api_key", message, limitHeaders);
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
      return errorResponse(error, request, keyId, limitHeaders);
    }
  };
}

/**
 * Work for after the response is sent (`after()`: it never delays or fails the API call, and
 * keeps a serverless function alive until done), scheduled only when there is some.
 */
function afterResponse(apiKey: VerifiedApiKey["apiKey"] | null, now: number) {
  const recordUse = apiKey !== null && lastUseDue(apiKey, now);
  const flush = usageFlushDue(now);
  if (!recordUse && !flush) return;
  after(async () => {
    await Promise.all([recordUse ? recordApiKeyUse(apiKey, now) : null, flush ? flushUsageIfDue() : null]);
  });
}

/** A missing or malformed key counts as a failed attempt of the caller's address. */
async function refuseAttempt(address: string, code: ApiErrorCode): Promise<Response> {
  const attempts = await failedAttemptsLimiter().limit(address);
  if (!attempts.success) {
    return apiErrorResponse("rate_limited", API_ERROR_MESSAGES.failed_attempts, rateLimitHeaders(attempts));
  }
  const message = code === "missing_api_key" ? API_ERROR_MESSAGES.missing_api_key : API_ERROR_MESSAGES.invalid_api_key;
  return apiErrorResponse(code, message);
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
  const where = `${request.method} ${request.nextUrl.pathname}${keyId ? ` (key ${keyId})` : ""}`;
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
  return apiErrorResponse(
    "internal_error",
    `Something went wrong on our side. Retry the request; if it keeps failing, contact ${env().SUPPORT_EMAIL}.`,
    headers,
  );
}
