import { z } from "zod";
import { env } from "../env";
import {
  API_ERROR_DESCRIPTIONS,
  API_ERROR_MESSAGES,
  API_ERROR_STATUS,
  type ApiErrorCode,
  addressNotAllowedMessage,
  expiredApiKeyMessage,
  internalErrorMessage,
} from "./errors";
import { UNKNOWN_KEYS_RULE } from "./failure-budget";
import { apiSchemaRegistry, CURSOR_MESSAGE, LIMIT_MESSAGE, listCallsQuerySchema } from "./schemas";

/**
 * The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers parse with
 * (zod 4's own z.toJSONSchema; OpenAPI 3.1 schemas are JSON Schema 2020-12, so no adapter
 * library is needed). /docs/api renders the same document for people.
 */

type JsonSchema = Record<string, unknown>;

function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(apiSchemaRegistry, {
    target: "draft-2020-12",
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, withoutDialect(schema)]));
}

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const { description, ...fieldSchema } = withoutDialect(z.toJSONSchema(field as z.ZodType, { io: "input" }));
    // The value used when the parameter is absent (zod drops a default that sits on a transform).
    const absent = (field as z.ZodType).safeParse(undefined);
    if (absent.success && absent.data !== undefined) fieldSchema.default = absent.data;
    return { name, in: "query", required: false, description, schema: fieldSchema };
  });
}

export const RATE_LIMIT_HEADERS = {
  "X-RateLimit-Limit": "Requests allowed per window for this key.",
  "X-RateLimit-Remaining": "Requests left in the current window.",
  "X-RateLimit-Reset": "When the current window ends, in unix seconds.",
  "Retry-After": "On 429 only: whole seconds (≥ 1) to wait before retrying.",
} as const;

const rateLimitHeaderRefs = Object.fromEntries(
  Object.keys(RATE_LIMIT_HEADERS)
    .filter((name) => name !== "Retry-After")
    .map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

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
    not_found: { call: API_ERROR_MESSAGES.call_not_found, path: API_ERROR_MESSAGES.unknown_path },
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

const COMMON_ERRORS = {
  "401": { $ref: "#/components/responses/Unauthorized" },
  "403": { $ref: "#/components/responses/AddressNotAllowed" },
  "429": { $ref: "#/components/responses/RateLimited" },
  "500": { $ref: "#/components/responses/InternalError" },
  "503": { $ref: "#/components/responses/ServiceUnavailable" },
};

function ok(schemaName: string, description: string) {
  return {
    description,
    headers: rateLimitHeaderRefs,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` } } },
  };
}

export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Glyphic API",
      version: "1.0.0",
      description:
        "Read your organization's non-private calls. Authenticate every request with an API key in the " +
        "`X-API-Key` header; admins create and revoke keys in Settings → API.",
    },
    servers: [{ url: "/api/v1" }],
    security: [{ ApiKeyAuth: [] }],
    paths: {
      "/me": {
        get: {
          operationId: "getMe",
          summary: "The organization and key you are authenticated as",
          responses: { "200": ok("MeResponse", "Your organization and this key."), ...COMMON_ERRORS },
        },
      },
      "/calls": {
        get: {
          operationId: "listCalls",
          summary: "List calls, newest first",
          description:
            "Non-private calls of your organization, newest first (by `startedAt`, then `id`). Follow " +
            "`nextCursor` until it is null to read them all.",
          parameters: queryParameters(listCallsQuerySchema),
          responses: {
            "200": ok("CallListResponse", "A page of calls."),
            "400": { $ref: "#/components/responses/BadRequest" },
            ...COMMON_ERRORS,
          },
        },
      },
      "/calls/{id}": {
        get: {
          operationId: "getCall",
          summary: "One call",
          parameters: [
            { name: "id", in: "path", required: true, schema: { type: "string" }, description: "The call's id." },
          ],
          responses: {
            "200": ok("CallResponse", "The call."),
            "404": { $ref: "#/components/responses/NotFound" },
            ...COMMON_ERRORS,
          },
        },
      },
      "/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          summary: "This document",
          security: [],
          responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": {} } } },
        },
      },
    },
    components: {
      securitySchemes: {
        ApiKeyAuth: {
          type: "apiKey",
          in: "header",
          name: "X-API-Key",
          description: "A key created in Settings → API, e.g. `glyk_…`. Never put it in a URL.",
        },
      },
      schemas: componentSchemas(),
      headers: Object.fromEntries(
        Object.entries(RATE_LIMIT_HEADERS).map(([name, description]) => [
          name,
          { description, schema: { type: "integer", minimum: name === "Retry-After" ? 1 : 0 } },
        ]),
      ),
      responses: {
        BadRequest: errorResponse(["bad_request"], "A query parameter is invalid; the message names it."),
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
        NotFound: errorResponse(["not_found"], "No such call in your organization, or it is private."),
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
          "Every endpoint is read-only: other methods than GET get 405, with an Allow header.",
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
