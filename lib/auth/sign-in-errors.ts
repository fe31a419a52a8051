/**
 * Codes a failed sign-in reports (as next-auth's `error`, in the response or in `?error=`),
 * and the only texts the login page shows for them. Anything else — a library's or the
 * database's message — falls back to GENERIC: no internal text ever reaches the page.
 */
export const SIGN_IN_ERRORS = {
  TOO_MANY_ATTEMPTS: "TooManyAttempts",
  ACCOUNT_THROTTLED: "AccountThrottled",
  UNAVAILABLE: "SignInUnavailable",
} as const;

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That email and password don't match an account. Check them and try again.",
  [SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS]: "Too many failed sign-in attempts. Wait 15 minutes, then try again.",
  [SIGN_IN_ERRORS.ACCOUNT_THROTTLED]:
    "This account has had too many failed sign-in attempts from other networks. Sign in from a network you used in the last 30 days, or try again in an hour.",
  [SIGN_IN_ERRORS.UNAVAILABLE]: "Sign-in is unavailable for a moment on our side. Try again shortly.",
  SessionRequired: "Sign in to continue.",
};

const GENERIC = "Sign-in failed. Please try again.";

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : GENERIC;
}
