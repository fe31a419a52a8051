import type { NextRequest } from "next/server";
import type { z } from "zod";
import type { Permission } from "../api-keys/permissions";
import { apiRoute } from "./api-route";
import { API_ERROR_MESSAGES } from "./errors";
import { apiErrorResponse } from "./respond";
import { type ApiHandler, withApiKey } from "./with-api-key";

/**
 * One /api/v1 operation, declared once: its method and path, the permission it needs, its
 * OpenAPI description and the handler. The route file serves it (routeHandlers), the OpenAPI
 * document lists it (lib/api/openapi.ts), and the permission matrix test calls it with every
 * preset — all from this one declaration, so none of the three can forget a permission.
 */
export interface Operation<Params extends object = Record<string, never>> {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The OpenAPI path under /api/v1, e.g. "/keys/{id}". */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The one permission it needs; null only where any valid key may ask (GET /me). */
  permission: Permission | null;
  /** Query parameters, as parsed by the handler (parseQuery). */
  query?: z.ZodObject;
  /** The JSON body, as parsed by the handler (parseBody); its schema is registered by name. */
  body?: { schema: string; example?: unknown };
  /** Path parameters and what each is. */
  params?: Record<string, string>;
  /** The success answer: status, the registered schema's name, a description. */
  success: { status: 200 | 201; schema: string; description: string };
  /** Error answers beyond those every keyed operation may give (401, 403, 429, 500, 503). */
  errors?: Array<"400" | "403" | "404" | "409" | "422">;
  /** Request headers the operation reads, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
  handler: ApiHandler<Params>;
}

export function defineOperation<Params extends object = Record<string, never>>(
  operation: Operation<Params>,
): Operation<Params> {
  return operation;
}

// biome-ignore lint/suspicious/noExplicitAny: each route's params differ; Next checks them per route
type RouteHandler = (request: NextRequest, route: { params: Promise<any> }) => Promise<Response>;

/** The route pattern of a path for log lines: "/keys/{id}" → "/api/v1/keys/[id]". */
export function logRoute(path: string): string {
  return `/api/v1${path.replace(/\{(\w+)\}/g, "[$1]")}`;
}

/**
 * The exports of one route file: each operation under its method, keyed; every other method
 * answers 405 in the API's envelope with an Allow header (Next's own 405 is empty).
 */
// biome-ignore lint/suspicious/noExplicitAny: operations of one path differ in their params' type
export function routeHandlers(...operations: Operation<any>[]): Record<string, RouteHandler> {
  const methods = operations.map((operation) => operation.method);
  const allow = [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const path = operations[0]?.path ?? "";
  const refuse = apiRoute(
    () => apiErrorResponse("method_not_allowed", API_ERROR_MESSAGES.method_not_allowed, { Allow: allow }),
    { route: `${logRoute(path)} (method not allowed)` },
  );
  const handlers: Record<string, RouteHandler> = {
    GET: refuse,
    POST: refuse,
    PUT: refuse,
    PATCH: refuse,
    DELETE: refuse,
    OPTIONS: apiRoute(() => new Response(null, { status: 204, headers: { Allow: allow } })),
  };
  for (const operation of operations) {
    handlers[operation.method] = withApiKey(operation.handler, {
      route: logRoute(operation.path),
      permission: operation.permission,
    }) as RouteHandler;
  }
  return handlers;
}
