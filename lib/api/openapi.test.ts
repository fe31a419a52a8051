import { describe, expect, it } from "vitest";
import { publicCallSchema } from "../calls/schema";
import { API_ERROR_CODES } from "./errors";
import { buildOpenApiDocument } from "./openapi";

type Json = Record<string, unknown>;

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, found);
  else if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string") found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

function resolve(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part], document);
}

describe("OpenAPI document", () => {
  const document = buildOpenApiDocument() as Json & {
    paths: Record<string, Record<string, Json>>;
    components: { schemas: Record<string, Json>; securitySchemes: Json };
  };

  it("is OpenAPI 3.1 with the X-API-Key scheme and every endpoint of the API", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.components.securitySchemes.ApiKeyAuth).toMatchObject({
      type: "apiKey",
      in: "header",
      name: "X-API-Key",
    });
    expect(Object.keys(document.paths).sort()).toEqual([
      "/activity",
      "/calls",
      "/calls/{id}",
      "/keys",
      "/keys/{id}",
      "/keys/{id}/requests",
      "/keys/{id}/roll",
      "/keys/{id}/usage",
      "/me",
      "/openapi.json",
    ]);
    expect(document.paths["/openapi.json"].get.security).toEqual([]);
  });

  it("describes Call from the same zod schema the handlers parse with", () => {
    const call = document.components.schemas.Call as { properties: Json; required: string[] };
    expect(Object.keys(call.properties).sort()).toEqual(Object.keys(publicCallSchema.shape).sort());
    expect(call.required.sort()).toEqual(Object.keys(publicCallSchema.shape).sort());
    expect(call.properties.startedAt).toMatchObject({ type: "string", format: "date-time" });
    expect(JSON.stringify(document)).not.toMatch(/isPrivate|organizationId|"hash"/);
  });

  it("documents the list parameters with their bounds and default", () => {
    const parameters = document.paths["/calls"].get.parameters as Json[];
    expect(parameters.map((parameter) => parameter.name)).toEqual(["limit", "cursor", "startedAfter", "startedBefore"]);
    expect(parameters[0].schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 20 });
    expect(parameters[1].schema).toMatchObject({ type: "string" });
    for (const bound of parameters.slice(2)) {
      expect(bound.schema).toMatchObject({ type: "string", format: "date-time" });
      expect(bound.description).toMatch(/strictly (after|before)/);
    }
  });

  it("lists every error code and has no dangling $ref", () => {
    const text = JSON.stringify(document);
    for (const code of API_ERROR_CODES) expect(text).toContain(`"${code}"`);
    const all = refs(document);
    expect(all.length).toBeGreaterThan(10);
    for (const ref of all) expect(resolve(document, ref), ref).toBeDefined();
  });
});
