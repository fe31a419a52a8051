import { z } from "zod";

/**
 * The public API's error codes and the one status each maps to. Every error response is
 * `{ "error": { "code", "message" } }` with this status; the docs and the OpenAPI document are
 * generated from this table, so a new code appears everywhere at once.
 */
export const API_ERROR_STATUS = {
  bad_request: 400,
  missing_api_key: 401,
  invalid_api_key: 401,
  address_not_allowed: 403,
  insufficient_permission: 403,
  permission_not_held: 403,
  not_found: 404,
  method_not_allowed: 405,
  key_limit_reached: 409,
  idempotency_key_reused: 409,
  policy_violation: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** When each code happens: shown in the docs page and the OpenAPI document. */
export const API_ERROR_DESCRIPTIONS: Record<ApiErrorCode, string> = {
  bad_request:
    "A query parameter or a field of the JSON body is invalid (the message names it), or the URL path has a percent-escape that is not UTF-8.",
  missing_api_key: "The request has no X-API-Key header.",
  invalid_api_key:
    "The key is malformed, unknown, revoked or expired. Malformed, unknown and revoked keys get one message (indistinguishable on purpose); an expired key's message says when it expired.",
  address_not_allowed:
    "The key has Allowed addresses and the request came from another address; the message names the address the server saw.",
  insufficient_permission:
    "The key lacks the permission this operation needs (the message names it). An admin can change the key's permissions on its page in Settings → API.",
  permission_not_held:
    "A key can only create or change keys with permissions it holds itself; the message names the ones it lacks.",
  not_found: "No such resource in your organization (or it is private), or no endpoint at this path.",
  key_limit_reached: "The organization has as many active keys as its limit allows. Revoke an unused key first.",
  idempotency_key_reused:
    "This Idempotency-Key was used by an earlier create within 24 hours; the message names the key it created.",
  policy_violation:
    "The change breaks one of your organization's key policies (set by its owners in Settings → API); the message names it.",
  method_not_allowed: "The endpoint does not accept this HTTP method; the Allow header lists the ones it does.",
  rate_limited: "Too many requests for this key, or too many unknown keys from this address. Wait Retry-After seconds.",
  internal_error: "An unexpected error on our side. Retry; contact support if it persists.",
  service_unavailable: "A dependency (the database) is unreachable. Retry after a few seconds.",
};

/**
 * Every fixed message the API sends, by situation: the handlers send these and the OpenAPI
 * document shows them as its examples, so the two cannot drift. One message for every invalid
 * key — malformed, unknown or revoked — so a caller cannot tell which of the three a guess was
 * (an expired key gets its own, expiredApiKeyMessage: only the key's holder can present it).
 */
export const API_ERROR_MESSAGES = {
  missing_api_key:
    "Send your API key in the X-API-Key header. Admins of your organization create keys in Settings → API.",
  invalid_api_key:
    "The API key is not valid: it may be mistyped or revoked. Check the key, or create a new one in Settings → API.",
  rate_limited: "Too many requests for this API key. Wait the number of seconds in the Retry-After header, then retry.",
  failed_attempts:
    "Too many unknown API keys from your network. Wait the number of seconds in the Retry-After header, then retry with a valid key.",
  service_unavailable: "The service is temporarily unavailable. Retry in a few seconds.",
  call_not_found: "No call with this id exists in your organization.",
  key_not_found: "No API key with this id exists in your organization.",
  unknown_path: "There is no API endpoint at this path. The endpoints are listed at /docs/api.",
  method_not_allowed: "This endpoint does not accept this method. The Allow header lists the methods it accepts.",
} as const;

export function internalErrorMessage(supportEmail: string): string {
  return `Something went wrong on our side. Retry the request; if it keeps failing, contact ${supportEmail}.`;
}

/** "2026-12-01 at 14:05 UTC": keys expire at an instant (a roll's grace may end within the hour). */
function utcMinute(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} at ${iso.slice(11, 16)} UTC`;
}

export function expiredApiKeyMessage(expiresAt: Date, rolled: boolean): string {
  return rolled
    ? `This API key was replaced by a new key and stopped working on ${utcMinute(expiresAt)}. Use the new key, or create one in Settings → API.`
    : `This API key expired on ${utcMinute(expiresAt)}. Create a new key in Settings → API.`;
}

/** The 403 of a key used from outside its Allowed addresses: names the address we saw, so the caller can compare. */
export function addressNotAllowedMessage(address: string): string {
  return `Requests from ${address} are not allowed for this API key. An admin can change the key's Allowed addresses in Settings → API.`;
}

/** The 403 of a key without the operation's permission: names it and who can grant it. */
export function insufficientPermissionMessage(permission: string): string {
  return `This API key does not have the ${permission} permission. An admin can change the key's permissions on its page in Settings → API.`;
}

/** No escalation: a key grants only what it holds. */
export function permissionNotHeldMessage(missing: readonly string[]): string {
  return `This API key can't grant permissions it does not hold itself: ${missing.join(", ")}.`;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  get status(): number {
    return API_ERROR_STATUS[this.code];
  }
}

export const apiErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(API_ERROR_CODES).meta({ description: "Stable, machine-readable code." }),
      message: z.string().meta({ description: "A sentence for people: what happened and what to do next." }),
    }),
  })
  .meta({ description: "Every error response has this shape." });

export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

export function apiErrorBody(code: ApiErrorCode, message: string): ApiErrorBody {
  return { error: { code, message } };
}
