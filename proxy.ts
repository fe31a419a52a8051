import { type NextRequest, NextResponse } from "next/server";
import { getToken } from "next-auth/jwt";
import { env } from "@/lib/env";

/**
 * Runs before routing, only on the paths in `config.matcher` (the proxy costs CPU on every
 * request it sees). App pages: a signed-out visitor goes to /login and comes back after sign-in.
 * The membership and permission checks happen on the server for every page and action.
 */
export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: env().NEXTAUTH_SECRET });
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(login);
}

/**
 * /api/v1 is deliberately not matched. Its pre-database checks (X-API-Key present and well
 * formed, per-key and per-address rate limits) run first thing in the route wrapper
 * (lib/api/with-api-key.ts) instead: a proxy adds its own pass per request, which PLATFORM.md
 * measured at 0.50–0.74 of baseline throughput for a trivial proxy on this stack, while nothing
 * those checks do needs to happen before routing. The guarantee is the same either way: no
 * database work for a missing, malformed or rate-limited key.
 */
export const config = {
  matcher: ["/settings/:path*"],
};
