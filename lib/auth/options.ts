import type { LoggerInstance, NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db/client";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { addressBucket } from "../http/ip-address";
import { componentLogger, errorReason } from "../log";
import { reserveAttempt } from "../rate-limit";
import { safeCallbackPath } from "./callback-url";
import { dummyPasswordHash, verifyPassword } from "./password";
import { SIGN_IN_ERRORS } from "./sign-in-errors";

const log = componentLogger("auth");

// Sign-in attempts, reserved before the password is checked and given back when it is right.
// Addresses are counted by bucket (an IPv6 client by its /64: lib/http/ip-address.ts).
// - per account and address: a guessed password;
// - per address across accounts: credential stuffing. Sized so an office behind one NAT
//   address does not lock itself out with typos;
// - per account across all addresses: a guesser spread over many addresses. Past it the
//   account is refused only from addresses it has not signed in from in KNOWN_ADDRESS_DAYS, so
//   a stranger who spends it slows every other guesser down without locking the owner out
//   (OWASP's "device cookie" idea, by address). docs/security.md, "Sign-in throttling".
export const LOGIN_ACCOUNT_RULE = { prefix: "login-failures", requests: 5, windowSeconds: 15 * 60 };
export const LOGIN_ADDRESS_RULE = { prefix: "login-failures-address", requests: 30, windowSeconds: 15 * 60 };
export const LOGIN_ACCOUNT_TOTAL_RULE = { prefix: "login-failures-account", requests: 20, windowSeconds: 60 * 60 };
export const KNOWN_ADDRESS_DAYS = 30;

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1024),
});

type RequestHeaders = Record<string, string | string[] | undefined> | undefined;

export async function authorizeCredentials(
  credentials: Record<string, string> | undefined,
  request: { headers?: RequestHeaders },
) {
  const parsed = credentialsSchema.safeParse(credentials ?? {});
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const bucket = addressBucket(clientAddress(request.headers));

  // Reserved atomically before any hash is checked: of 50 parallel guesses only the allowance
  // reaches argon2, and once it is spent even the right password waits out the window. Never
  // unlimited: with Upstash unreachable each instance counts on its own (reserveAttempt).
  const [pair, address, account] = await Promise.all([
    reserveAttempt(LOGIN_ACCOUNT_RULE, `${email}:${bucket}`),
    reserveAttempt(LOGIN_ADDRESS_RULE, bucket),
    reserveAttempt(LOGIN_ACCOUNT_TOTAL_RULE, email),
  ]);
  const reservations = [pair, address, account];
  const giveBack = () => Promise.all(reservations.map((reservation) => reservation.giveBack()));
  if (!pair.granted || !address.granted) {
    await giveBack();
    throw new Error(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
  }

  let user: Awaited<ReturnType<typeof findUserForSignIn>> = null;
  let valid = false;
  let throttled = false;
  try {
    // Past the account's bound, only an address the account signed in from lately goes on
    // (still within its own 5 per 15 minutes). One indexed read, only while the bound is spent.
    throttled = !account.granted && !(await signedInFromLately(email, bucket));
    if (!throttled) {
      user = await findUserForSignIn(email);
      valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    }
  } catch (error) {
    await giveBack(); // nothing was checked: not an attempt
    const reason = isDatabaseUnavailable(error) ? "database unreachable" : "unexpected error";
    log.error({ reason, err: error }, "sign-in failed on our side");
    throw new Error(SIGN_IN_ERRORS.UNAVAILABLE);
  }
  // Still counted per account + address and per address: refusals cost the guesser its
  // addresses' allowances too, and bound the reads above.
  if (throttled) throw new Error(SIGN_IN_ERRORS.ACCOUNT_THROTTLED);
  if (!user || !valid || user.memberships.length === 0) return null;
  await Promise.all([giveBack(), rememberSignInAddress(user.id, bucket)]);
  const [membership] = user.memberships;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    organizationId: membership.organizationId,
    role: membership.role,
  };
}

async function signedInFromLately(email: string, bucket: string): Promise<boolean> {
  const known = await db.signInAddress.findFirst({
    where: { bucket, user: { email }, lastSignedInAt: { gt: daysAgo(KNOWN_ADDRESS_DAYS) } },
    select: { userId: true },
  });
  return known !== null;
}

/** Remembered for KNOWN_ADDRESS_DAYS; older ones of the user go at the same time. Best effort. */
async function rememberSignInAddress(userId: string, bucket: string): Promise<void> {
  try {
    await db.$transaction([
      db.signInAddress.upsert({
        where: { userId_bucket: { userId, bucket } },
        create: { userId, bucket },
        update: { lastSignedInAt: new Date() },
      }),
      db.signInAddress.deleteMany({ where: { userId, lastSignedInAt: { lt: daysAgo(KNOWN_ADDRESS_DAYS) } } }),
    ]);
  } catch (error) {
    // The sign-in itself was right; only the next bound check will not know this address.
    log.warn(
      { userId, reason: isDatabaseUnavailable(error) ? "database unreachable" : "unexpected error" },
      "sign-in address not remembered",
    );
  }
}

const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);

function findUserForSignIn(email: string) {
  return db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
      memberships: { orderBy: { createdAt: "asc" }, take: 1, select: { organizationId: true, role: true } },
    },
  });
}

/**
 * next-auth errors a request causes with what it sends: a callbackUrl that is not a URL (a NUL,
 * 5,000 characters) or a session cookie that does not decrypt.
 */
const CLIENT_CAUSED = new Set(["INVALID_CALLBACK_URL_ERROR", "JWT_SESSION_ERROR"]);

/**
 * next-auth's own logger wrote each error as a multi-line stack trace on stderr, with what the
 * request sent (a 5,000-character callbackUrl with control characters) in it: anyone could fill
 * the log with lines that are not JSON. One JSON line with the code instead; a client-caused one
 * is a warning, and nothing of the request is in either.
 */
export const authLogger: LoggerInstance = {
  error(code, metadata) {
    if (CLIENT_CAUSED.has(code)) {
      log.warn({ code }, "next-auth refused a request");
      return;
    }
    const error = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
    log.error({ code, reason: error === undefined ? undefined : errorReason(error) }, "next-auth error");
  },
  warn(code) {
    log.warn({ code }, "next-auth warning");
  },
  debug() {},
};

export function authOptions(): NextAuthOptions {
  return {
    secret: env().NEXTAUTH_SECRET,
    logger: authLogger,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        authorize: authorizeCredentials,
      }),
    ],
    callbacks: {
      // Same rule as the login form: only paths of this site, else Settings → API.
      redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
        return `${baseUrl}${safeCallbackPath(path)}`;
      },
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
