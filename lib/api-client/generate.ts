import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import { buildOpenApiDocument } from "../api/openapi";

/** Where `npm run api:types` writes the client's types (committed; lib/api-client/schema.test.ts compares). */
export const SCHEMA_FILE = "lib/api-client/schema.d.ts";

const HEADER = `/**
 * The types of /api/v1, generated from the OpenAPI document (lib/api/openapi.ts) by
 * \`npm run api:types\`. Do not edit: change the operations in lib/api/v1 and run it again.
 */

`;

/**
 * The TypeScript of the API's paths and schemas, from the document the server serves. Built from
 * the object itself, not a URL, so no server (and no network) is needed.
 */
export async function renderApiTypes(): Promise<string> {
  const ast = await openapiTS(buildOpenApiDocument() as unknown as OpenAPI3, { alphabetize: false });
  return HEADER + astToString(ast);
}
