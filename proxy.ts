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

export const config = {
  matcher: ["/settings/:path*"],
};
