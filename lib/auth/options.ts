import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db/client";
import { env } from "../env";
import { rateLimiter } from "../rate-limit";
import { dummyPasswordHash, verifyPassword } from "./password";

/** Shown by the login form when sign-in is throttled (see LOGIN_FAILURE_RULE). */
export const TOO_MANY_ATTEMPTS = "TooManyAttempts";

// Failed sign-ins per email + client IP: 5 per 15 minutes, then wait.
export const LOGIN_FAILURE_RULE = { prefix: "login-failures", requests: 5, windowSeconds: 15 * 60 };

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

function clientIp(headers: Record<string, string | string[] | undefined> | undefined): string {
  const forwarded = headers?.["x-forwarded-for"];
  const value = Array.isArray(forwarded) ? forwarded[0] : forwarded;
  return value?.split(",")[0]?.trim() || "unknown";
}

export async function authorizeCredentials(
  credentials: Record<string, string> | undefined,
  request: { headers?: Record<string, string | string[] | undefined> },
) {
  const parsed = credentialsSchema.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const throttleKey = `${email}:${clientIp(request.headers)}`;
  const limiter = rateLimiter(LOGIN_FAILURE_RULE);

  // Once the allowance is spent even the right password waits out the window, or the throttle
  // would slow wrong guesses but confirm the right one at full speed.
  if ((await limiter.peek(throttleKey)).remaining <= 0) throw new Error(TOO_MANY_ATTEMPTS);

  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      memberships: { orderBy: { createdAt: "asc" }, take: 1, select: { organizationId: true, role: true } },
    },
  });
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !valid || user.memberships.length === 0) {
    const { success } = await limiter.limit(throttleKey);
    if (!success) throw new Error(TOO_MANY_ATTEMPTS);
    return null;
  }
  const [membership] = user.memberships;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organizationId: membership.organizationId,
    role: membership.role,
  };
}

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: authorizeCredentials,
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.userId = user.id;
          token.organizationId = user.organizationId;
          token.role = user.role;
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          id: token.userId,
          name: token.name ?? "",
          email: token.email ?? "",
          organizationId: token.organizationId,
          role: token.role,
        };
        return session;
      },
    },
  };
}
