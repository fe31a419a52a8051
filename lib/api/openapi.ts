import { z } from "zod";
import { IdempotencyKeyReused, keyLimitMessage } from "../api-keys/commands/create";
import { DEFAULT_KEY_LIMIT } from "../api-keys/limits";
import { NO_POLICY, policyBreach } from "../api-keys/policies";
import { env } from "../env";
import {
  API_ERROR_DESCRIPTIONS,
  API_ERROR_MESSAGES,
  API_ERROR_STATUS,
  type ApiErrorCode,
  addressNotAllowedMessage,
  expiredApiKeyMessage,
  insufficientPermissionMessage,
  internalErrorMessage,
  permissionNotHeldMessage,
} from "./errors";
import { UNKNOWN_KEYS_RULE } from "./failure-budget";
import {
  type JsonSchema,
  operationPaths,
  RATE_LIMIT_HEADERS,
  rateLimitHeaderRefs,
  withoutDialect,
} from "./openapi-paths";
import { webhookComponents, webhookEntries } from "./openapi-webhooks";
import { apiRequestSchemaRegistry, apiSchemaRegistry, CURSOR_MESSAGE, LIMIT_MESSAGE } from "./schemas";

export { RATE_LIMIT_HEADERS };

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers parse with
 * (zod 4's own z.toJSONSchema; OpenAPI 3.1 schemas are JSON Schema 2020-12, so no adapter
 * library is needed). /docs/api renders the same document for people.
 */

function componentSchemas(): Record<string, JsonSchema> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const responses = z.toJSONSchema(apiSchemaRegistry, { target: "draft-2020-12", uri }).schemas;
  const requests = z.toJSONSchema(apiRequestSchemaRegistry, { target: "draft-2020-12", uri, io: "input" }).schemas;
  return Object.fromEntries(
    Object.entries({ ...responses, ...requests }).map(([name, schema]) => [name, withoutDialect(schema)]),
  );
}

/** The messages each code is really sent with (tests compare them with live responses). */
export function errorExamples(): Record<ApiErrorCode, Record<string, string>> {
  const { SUPPORT_EMAIL } = env();
  return {
    bad_request: { limit: LIMIT_MESSAGE, cursor: CURSOR_MESSAGE },
    missing_api_key: { missing_api_key: API_ERROR_MESSAGES.missing_api_key },
    invalid_api_key: {
      invalid_api_key: API_ERROR_MESSAGES.invalid_api_key,
      expired: expiredApiKeyMessage(new Date("2026-12-01T14:05:00Z"), false),
      rolled: expiredApiKeyMessage(new Date("2026-12-01T14:05:00Z"), true),
    },
    address_not_allowed: { address_not_allowed: addressNotAllowedMessage("203.0.113.9") },
    insufficient_permission: { insufficient_permission: insufficientPermissionMessage("keys:read") },
    permission_not_held: { permission_not_held: permissionNotHeldMessage(["activity:read"]) },
    not_found: {
      call: API_ERROR_MESSAGES.call_not_found,
      key: API_ERROR_MESSAGES.key_not_found,
      path: API_ERROR_MESSAGES.unknown_path,
    },
    key_limit_reached: { key_limit_reached: keyLimitMessage(DEFAULT_KEY_LIMIT) },
    policy_violation: {
      policy_violation: policyBreach(
        { ...NO_POLICY, maxKeyLifetimeDays: 90 },
        { expiresAt: null, permissions: [], allowedAddresses: [] },
        new Date(),
      )?.message as string,
    },
    idempotency_key_reused: {
      idempotency_key_reused: new IdempotencyKeyReused({ id: "cmabc123def456ghi789jkl0", prefix: "glyk_AbC1" }).message,
    },
    method_not_allowed: { method_not_allowed: API_ERROR_MESSAGES.method_not_allowed },
    rate_limited: { key: API_ERROR_MESSAGES.rate_limited, unknown_keys: API_ERROR_MESSAGES.failed_attempts },
    internal_error: { internal_error: internalErrorMessage(SUPPORT_EMAIL) },
    service_unavailable: { service_unavailable: API_ERROR_MESSAGES.service_unavailable },
  };
}

function errorResponse(codes: ApiErrorCode[], description: string, extraHeaders: JsonSchema = {}) {
  const examples = errorExamples();
  return {
    description,
    headers: { ...rateLimitHeaderRefs, ...extraHeaders },
    content: {
      "application/json": {
        schema: { $ref: "#/components/schemas/Error" },
        examples: Object.fromEntries(
          codes.flatMap((code) =>
            Object.entries(examples[code]).map(([name, message]) => [
              name,
              { summary: API_ERROR_DESCRIPTIONS[code], value: { error: { code, message } } },
            ]),
          ),
        ),
      },
    },
  };
}

export function buildOpenApiDocument(): JsonSchema {
  const webhooks = webhookComponents();
  return {
    openapi: "3.1.0",
    info: {
      title: "Glyphic API",
      version: "1.0.0",
      description:
        "Read your organization's non-private calls, and manage its API keys and their audit log. Authenticate " +
        "every request with an API key in the `X-API-Key` header; admins create keys and set their permissions " +
        "in Settings → API. Each operation names the permission it needs (`x-required-permission`). Key " +
        "changes are also sent to your endpoints as signed webhooks (`webhooks`; /docs/api#webhooks).",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ ApiKeyAuth: [] }],
    paths: operationPaths(),
    webhooks: webhookEntries(),
    components: {
      securitySchemes: {
        ApiKeyAuth: {
          type: "apiKey",
          in: "header",
          name: "X-API-Key",
          description: "A key created in Settings → API, e.g. `glyk_…`. Never put it in a URL.",
        },
      },
      schemas: { ...componentSchemas(), ...webhooks.schemas },
      parameters: webhooks.parameters,
      headers: Object.fromEntries(
        Object.entries(RATE_LIMIT_HEADERS).map(([name, description]) => [
          name,
          { description, schema: { type: "integer", minimum: name === "Retry-After" ? 1 : 0 } },
        ]),
      ),
      responses: {
        BadRequest: errorResponse(
          ["bad_request"],
          "A query parameter or a field of the JSON body is invalid; the message names it. Nothing was changed.",
        ),
        Unauthorized: errorResponse(
          ["missing_api_key", "invalid_api_key"],
          "No key, or a malformed, unknown, revoked or expired key. Malformed, unknown and revoked keys share one " +
            "message; an expired key's message says when it expired (a rolled key works until its grace period ends). " +
            "X-RateLimit-* are present when the key was well formed.",
        ),
        AddressNotAllowed: errorResponse(
          ["address_not_allowed"],
          "The key has Allowed addresses (set by an admin on the key's page in Settings → API) and the request " +
            "came from another address. The message names the address the server saw (the client's address as " +
            "our proxy reported it).",
        ),
        Forbidden: errorResponse(
          ["address_not_allowed", "insufficient_permission"],
          "The key may not be used from this address (its Allowed addresses), or lacks the operation's permission " +
            "(the message names it; an admin changes a key's permissions on its page in Settings → API).",
        ),
        PermissionRefused: errorResponse(
          ["address_not_allowed", "insufficient_permission", "permission_not_held"],
          "As Forbidden, or the request would give a key permissions the calling key does not hold itself (no " +
            "escalation), or change a key that holds more than the calling key.",
        ),
        Conflict: errorResponse(
          ["key_limit_reached", "idempotency_key_reused"],
          "The organization is at its limit of active keys, or this Idempotency-Key already created a key.",
        ),
        PolicyViolation: errorResponse(
          ["policy_violation"],
          "The request breaks one of your organization's key policies (maximum lifetime, allowed addresses for keys " +
            "that can change keys); nothing was changed. Owners set policies in Settings → API.",
        ),
        NotFound: errorResponse(
          ["not_found"],
          "No such call or key in your organization (a private call is not found either).",
        ),
        RateLimited: errorResponse(
          ["rate_limited"],
          `Too many requests for this key, or more than ${UNKNOWN_KEYS_RULE.requests} unknown keys per ` +
            `${UNKNOWN_KEYS_RULE.windowSeconds} s from your address (a key that exists is still served). The X-RateLimit-* headers describe the limit that was hit.`,
          { "Retry-After": { $ref: "#/components/headers/Retry-After" } },
        ),
        InternalError: errorResponse(["internal_error"], "Unexpected error; no details are returned."),
        ServiceUnavailable: errorResponse(["service_unavailable"], "The database is unreachable; retry shortly."),
        MethodNotAllowed: errorResponse(
          ["method_not_allowed"],
          "The endpoint does not serve this method: 405, with an Allow header listing the ones it does.",
          { Allow: { description: "The methods the endpoint accepts.", schema: { type: "string" } } },
        ),
      },
    },
  };
}

/** Status of each error code, for the docs table (same map the responses use). */
export const ERROR_TABLE = (Object.keys(API_ERROR_STATUS) as ApiErrorCode[]).map((code) => ({
  code,
  status: API_ERROR_STATUS[code],
  description: API_ERROR_DESCRIPTIONS[code],
}));
