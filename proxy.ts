import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { apiErrorResponse } from "@/lib/api/respond";
import { env } from "@/lib/env";
import { requestId } from "@/lib/http/request-id";
import { hasMalformedEscape } from "@/lib/http/url-path";
import { loginPath } from "@/lib/routes";
import { contentSecurityPolicy, newNonce } from "@/lib/security/content-security-policy";

/**
 * Runs before routing, on pages only (see `config.matcher`): the proxy costs CPU on every
 * request it sees, so API routes and static assets never pass through it.
 *
 * 1. Every page gets a fresh CSP nonce: Next reads it from the request's CSP header and puts it
 *    on its own scripts, and the browser then runs no other script.
 * 2. App pages (/settings): a signed-out visitor goes to /login and comes back after sign-in.
 *    Membership and permission are still checked on the server by every page and action.
 */
export async function proxy(request: NextRequest) {
  // Next decodes dynamic segments before routing and answers a bare 500 when an escape is not
  // UTF-8 (%FF, %C0%80): refused here with a 400 that says so. /api paths reach the proxy for
  // this only when they hold a "%" (see config.matcher), so other API requests never do.
  if (hasMalformedEscape(request.nextUrl.pathname)) return malformedPath(request);
  if (request.nextUrl.pathname.startsWith("/api/")) return NextResponse.next();
  if (request.nextUrl.pathname.startsWith("/settings")) {
    const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET });
    if (!token) {
      return NextResponse.redirect(new URL(loginPath(request.nextUrl.pathname + request.nextUrl.search), request.url));
    }
  }
  const policy = contentSecurityPolicy(newNonce(), {
    development: process.env.NODE_ENV === "development",
    https: request.nextUrl.protocol === "https:",
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

const MALFORMED_PATH =
  "The URL path has a percent-escape that is not valid UTF-8 (like %FF). Encode each character of the path as UTF-8.";

function malformedPath(request: NextRequest): Response {
  const headers = { "Cache-Control": "no-store" };
  if (request.nextUrl.pathname.startsWith("/api/")) {
    // The API's own envelope, and the request id every API answer carries.
    return apiErrorResponse("bad_request", MALFORMED_PATH, { ...headers, "X-Request-Id": requestId(request.headers) });
  }
  return new Response(`${MALFORMED_PATH}\n`, {
    status: 400,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * /api is deliberately not matched, except paths with a "%" (checked for malformed escapes, above). The public API's pre-database checks (X-API-Key present and
 * well formed, per-key and per-address rate limits) run first thing in its route wrapper
 * (lib/api/with-api-key.ts): a proxy adds its own pass per request (a trivial one cost a large
 * share of a route's throughput: see docs/benchmarks/), while nothing
 * those checks do needs to happen before routing. API responses are JSON and carry no scripts.
 */
export const config = {
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      // Prefetches are not rendered as documents: no nonce needed.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
    // Matched against the raw path (Next also tries it decoded, which has no "%" left): only
    // API paths with a percent-escape pass through the proxy.
    { source: "/api/:rest(.*%.*)" },
  ],
};
