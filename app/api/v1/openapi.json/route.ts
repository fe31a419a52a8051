import { apiRoute } from "@/lib/api/api-route";
import { onlyGet } from "@/lib/api/methods";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { apiJson } from "@/lib/api/respond";

// Served at request time like every API response (Cache-Control: no-store), built once.
export const dynamic = "force-dynamic";

let document: ReturnType<typeof buildOpenApiDocument> | undefined;

export const GET = apiRoute(
  () => {
    document ??= buildOpenApiDocument();
    return apiJson(document);
  },
  { route: "/api/v1/openapi.json" },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = onlyGet;
