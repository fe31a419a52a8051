import { publicCallSchema } from "../calls/schema";
import { encodeKeysetCursor } from "../db/keyset-cursor";
import { API_ERROR_MESSAGES, addressNotAllowedMessage, expiredApiKeyMessage } from "./errors";
import { buildOpenApiDocument } from "./openapi";
import { callListResponseSchema, callResponseSchema, meResponseSchema } from "./schemas";

/**
 * What /docs/api shows besides its prose: example responses and the tables read from the OpenAPI
 * document. Kept apart from the page, which only lays them out.
 */
// Examples go through the same schemas as real responses, so they cannot show a field the API
// does not return.
export const exampleCall = publicCallSchema.parse({
  id: "cm3k9x2ab0001qz8h4d7f6e5c",
  title: "Initech — Discovery call",
  startedAt: "2026-11-20T15:30:00.000Z",
  durationSeconds: 1800,
  participants: ["Avery Admin", "Sam (Initech)"],
  summary: "Discovery call with Initech: goals, blockers and agreed next steps.",
});
export const exampleCursor = encodeKeysetCursor({ at: new Date(exampleCall.startedAt), id: exampleCall.id });
export const examples = {
  me: meResponseSchema.parse({
    data: {
      organization: { id: "cm3k9w0aa0000qz8hb1c2d3e4", name: "Acme", slug: "acme" },
      apiKey: {
        id: "cm3k9w7zz0003qz8h9y8x7w6v",
        name: "Internal data warehouse export",
        prefix: "glyk_AbC1",
        permissions: ["calls:read"],
        expiresAt: null,
        allowedAddresses: [],
      },
    },
  }),
  list: callListResponseSchema.parse({ data: [exampleCall], nextCursor: exampleCursor }),
  call: callResponseSchema.parse({ data: exampleCall }),
  error: { error: { code: "invalid_api_key", message: API_ERROR_MESSAGES.invalid_api_key } },
  expired: {
    error: { code: "invalid_api_key", message: expiredApiKeyMessage(new Date("2026-12-01T09:00:00.000Z"), false) },
  },
  addressNotAllowed: { error: { code: "address_not_allowed", message: addressNotAllowedMessage("203.0.113.9") } },
};

interface JsonSchemaField {
  type?: string;
  format?: string;
  items?: { type?: string };
  description?: string;
  default?: unknown;
}

/** The tables below are read from the OpenAPI document, itself generated from the zod schemas. */
export function documentTables() {
  const document = buildOpenApiDocument() as {
    paths: {
      "/calls": { get: { parameters: { name: string; description?: string; schema: JsonSchemaField }[] } };
    } & Record<string, Record<string, { summary: string; "x-required-permission"?: string; security?: unknown[] }>>;
    components: { schemas: { Call: { properties: Record<string, JsonSchemaField> } } };
  };
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods)
      .filter(([, operation]) => operation.security === undefined)
      .map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        summary: operation.summary,
        permission: operation["x-required-permission"] ?? null,
      })),
  );
  const typeOf = (field: JsonSchemaField) =>
    field.type === "array" ? `${field.items?.type ?? "any"}[]` : (field.format ?? field.type ?? "any");
  return {
    operations,
    listParameters: document.paths["/calls"].get.parameters.map((parameter): [string, string, string] => [
      parameter.name,
      typeOf(parameter.schema),
      `${parameter.description ?? ""}${parameter.schema.default !== undefined ? ` Default ${parameter.schema.default}.` : ""}`,
    ]),
    callFields: Object.entries(document.components.schemas.Call.properties).map(
      ([name, field]): [string, string, string] => [name, typeOf(field), field.description ?? ""],
    ),
  };
}
