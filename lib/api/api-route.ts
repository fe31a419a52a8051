import { clientAddress } from "../http/client-address";
import { requestId } from "../http/request-id";
import { componentLogger } from "../log";
import { shuttingDown } from "../shutdown";

const log = componentLogger("api");

type Handler<Context> = (request: Request, context: Context) => Response | Promise<Response>;

/**
 * Every API response that does not need a key (health, cron, the OpenAPI document, refusals of
 * unknown paths and methods) carries X-Request-Id like the keyed ones (withApiKey sets its own).
 * With `route`, the request also gets its log line: every /api/v1 request has one.
 */
export function apiRoute<Context = unknown>(handler: Handler<Context>, options: { route?: string } = {}) {
  return async (request: Request, context?: Context): Promise<Response> => {
    const started = performance.now();
    const id = requestId(request.headers);
    const response = await handler(request, context as Context);
    response.headers.set("X-Request-Id", id);
    if (shuttingDown()) response.headers.set("Connection", "close"); // see lib/shutdown.ts
    if (options.route) {
      log.info(
        {
          requestId: id,
          method: request.method,
          route: options.route,
          status: response.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          clientAddress: clientAddress(request.headers),
        },
        "api request",
      );
    }
    return response;
  };
}
