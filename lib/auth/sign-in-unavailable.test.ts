import { afterAll, describe, expect, it } from "vitest";
import { randomAddress } from "@/tests/api-helpers";
import { withUnreachableDatabase } from "@/tests/unreachable-database";
import { captureLogs } from "../log";
import { authorizeCredentials, LOGIN_ACCOUNT_RULE } from "./options";
import { SIGN_IN_ERRORS, signInErrorMessage } from "./sign-in-errors";

withUnreachableDatabase();
const logs = captureLogs();
afterAll(() => logs.stop());

describe("sign-in while the database is unreachable", () => {
  it("reports a fixed 'try again shortly' code, logs why, and does not spend the user's attempts", async () => {
    const request = { headers: { "x-forwarded-for": randomAddress() } };
    for (let i = 0; i < LOGIN_ACCOUNT_RULE.requests + 2; i++) {
      const attempt = authorizeCredentials({ email: "admin@acme.test", password: "glyphic-demo" }, request);
      await expect(attempt).rejects.toThrow(new Error(SIGN_IN_ERRORS.UNAVAILABLE));
    }
    expect(logs.lines.at(-1)).toMatchObject({
      level: "error",
      component: "auth",
      reason: "database unreachable",
      msg: "sign-in failed on our side",
    });
    expect(signInErrorMessage(SIGN_IN_ERRORS.UNAVAILABLE)).toMatch(/Try again shortly/);
  });

  it("never shows a library's or the database's text on the page, whatever ?error= says", () => {
    const leaked = "Invalid `prisma.user.findUnique()` invocation: Can't reach database server at 10.0.0.5:5432";
    expect(signInErrorMessage(leaked)).toBe("Sign-in failed. Please try again.");
    expect(signInErrorMessage("toString")).toBe("Sign-in failed. Please try again.");
    expect(signInErrorMessage("CredentialsSignin")).toMatch(/don't match an account/);
    expect(signInErrorMessage(null)).toBeNull();
  });
});
