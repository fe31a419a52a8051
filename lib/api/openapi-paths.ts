import { z } from "zod";
import type { Permission } from "../api-keys/permissions";
import { API_OPERATIONS } from "./v1";

/**
 * The `paths` of the OpenAPI document (lib/api/openapi.ts): every keyed operation from its one
 * declaration (lib/api/v1), with the parameters, body and answers it declares.
 */
export type JsonSchema = Record<string, unknown>;

export function withoutDialect(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
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

export const rateLimitHeaderRefs = Object.fromEntries(
  Object.keys(RATE_LIMIT_HEADERS)
    .filter((name) => name !== "Retry-After")
    .map((name) => [name, { $ref: `#/components/headers/${name}` }]),
);

const COMMON_ERRORS = {
  "401": { $ref: "#/components/responses/Unauthorized" },
  "429": { $ref: "#/components/responses/RateLimited" },
  "500": { $ref: "#/components/responses/InternalError" },
  "503": { $ref: "#/components/responses/ServiceUnavailable" },
};

const ERROR_RESPONSES = {
  "400": { $ref: "#/components/responses/BadRequest" },
  "404": { $ref: "#/components/responses/NotFound" },
  "409": { $ref: "#/components/responses/Conflict" },
  "422": { $ref: "#/components/responses/PolicyViolation" },
};

/** What the description says about the permission an operation needs. */
function permissionSentence(permission: Permission | null): string {
  return permission === null
    ? "Any valid key may call this: no permission is needed."
    : `Needs the \`${permission}\` permission.`;
}

/** The paths of every keyed operation (lib/api/v1), from its one declaration, plus this document. */
export function operationPaths(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of API_OPERATIONS) {
    const parameters = [
      ...Object.entries(operation.params ?? {}).map(([name, description]) => ({
        name,
        in: "path",
        required: true,
        schema: { type: "string" },
        description,
      })),
      ...(operation.query ? queryParameters(operation.query) : []),
      ...Object.entries(operation.headers ?? {}).map(([name, description]) => ({
        name,
        in: "header",
        required: false,
        schema: { type: "string", maxLength: 200 },
        description,
      })),
    ];
    const forbidden = operation.errors?.includes("403") ? "PermissionRefused" : "Forbidden";
    paths[operation.path] ??= {};
    paths[operation.path][operation.method.toLowerCase()] = {
      operationId: operation.operationId,
      summary: operation.summary,
      description: [operation.description, permissionSentence(operation.permission)].filter(Boolean).join(" "),
      ...(operation.permission === null ? {} : { "x-required-permission": operation.permission }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: {
                "application/json": {
                  schema: { $ref: `#/components/schemas/${operation.body.schema}` },
                  ...(operation.body.example === undefined ? {} : { example: operation.body.example }),
                },
              },
            },
          }
        : {}),
      responses: {
        [String(operation.success.status)]: ok(operation.success.schema, operation.success.description),
        ...Object.fromEntries(
          (operation.errors ?? []).filter((code) => code !== "403").map((code) => [code, ERROR_RESPONSES[code]]),
        ),
        "403": { $ref: `#/components/responses/${operation.permission === null ? "AddressNotAllowed" : forbidden}` },
        ...COMMON_ERRORS,
      },
    };
  }
  paths["/openapi.json"] = {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This document",
      description: "No key needed.",
      security: [],
      responses: { "200": { description: "The OpenAPI 3.1 document.", content: { "application/json": {} } } },
    },
  };
  return paths;
}

export function ok(schemaName: string, description: string) {
  return {
    description,
    headers: rateLimitHeaderRefs,
    content: { "application/json": { schema: { $ref: `#/components/schemas/${schemaName}` } } },
  };
}
