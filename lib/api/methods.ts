import { apiRoute } from "./api-route";
import { API_ERROR_MESSAGES } from "./errors";
import { apiErrorResponse } from "./respond";

/**
 * Handlers for the methods a route does not serve: Next answers those with an empty 405, and
 * every /api/v1 answer is JSON in the error envelope. `export const { POST, … } = onlyGet;`
 */
function methodNotAllowed(allowed: string) {
  return apiRoute(
    () => apiErrorResponse("method_not_allowed", API_ERROR_MESSAGES.method_not_allowed, { Allow: allowed }),
    { route: "/api/v1 (method not allowed)" },
  );
}

const ALLOW_GET = "GET, HEAD, OPTIONS";
const refuse = methodNotAllowed(ALLOW_GET);

export const onlyGet = {
  POST: refuse,
  PUT: refuse,
  PATCH: refuse,
  DELETE: refuse,
  // Next's automatic OPTIONS would list the refusing handlers above as allowed.
  OPTIONS: apiRoute(() => new Response(null, { status: 204, headers: { Allow: ALLOW_GET } })),
};

/** Unknown /api/v1 paths: the same JSON 404 for every method, with or without a key. */
export const unknownPath = apiRoute(() => apiErrorResponse("not_found", API_ERROR_MESSAGES.unknown_path), {
  route: "/api/v1/[...path]",
});
