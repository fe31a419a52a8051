import { describe, expect, it, onTestFinished, vi } from "vitest";

// Counts argon2 verifications (the real ones still run): the cost a burst of guesses can cause.
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock("./password", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./password")>();
  return {
    ...actual,
    verifyPassword: (hash: string, password: string) => {
      verifications.count += 1;
      return actual.verifyPassword(hash, password);
    },
  };
});

import { randomBytes } from "node:crypto";
import { randomAddress } from "@/tests/api-helpers";
import { createOrganization, uniqueSuffix } from "@/tests/factories";
import { db } from "../db/client";
import { captureLogs } from "../log";
import {
  authLogger,
  authorizeCredentials,
  LOGIN_ACCOUNT_RULE,
  LOGIN_ACCOUNT_TOTAL_RULE,
  LOGIN_ADDRESS_RULE,
} from "./options";
import { hashPassword } from "./password";
import { SIGN_IN_ERRORS } from "./sign-in-errors";

async function createUser(password: string) {
  const org = await createOrganization();
  const email = `login-${uniqueSuffix()}@example.test`;
  const user = await db.user.create({ data: { email, name: "Lee Login", passwordHash: await hashPassword(password) } });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: "ADMIN" } });
  return { email, org, user };
}

/** As next-auth hands the request to authorize: a plain header object. */
const from = (address: string, writtenByClient?: string) => ({
  headers: { "x-forwarded-for": writtenByClient ? `${writtenByClient}, ${address}` : address },
});

const signIn = (email: string, password: string, request: ReturnType<typeof from>) =>
  authorizeCredentials({ email, password }, request).then(
    (user) => (user ? "signed-in" : "wrong"),
    (error: Error) => error.message,
  );

describe("sign-in with email and password", () => {
  it("returns the user with organization and role for the right password, null otherwise", async () => {
    const { email, org, user } = await createUser("correct horse");
    const address = randomAddress();
    expect(
      await authorizeCredentials({ email: email.toUpperCase(), password: "correct horse" }, from(address)),
    ).toEqual({ id: user.id, email, name: "Lee Login", organizationId: org.id, role: "ADMIN" });
    expect(await authorizeCredentials({ email, password: "wrong" }, from(address))).toBeNull();
    expect(await authorizeCredentials({ email: "nobody@example.test", password: "x" }, from(address))).toBeNull();
    expect(await authorizeCredentials({ email: "not an email", password: "x" }, from(address))).toBeNull();
  });

  it("throttles repeated failures for one account and address, even for the right password", async () => {
    const { email } = await createUser("right password");
    const address = randomAddress();
    for (let i = 0; i < LOGIN_ACCOUNT_RULE.requests; i++)
      expect(await signIn(email, `wrong ${i}`, from(address))).toBe("wrong");
    expect(await signIn(email, "wrong again", from(address))).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
    expect(await signIn(email, "right password", from(address))).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
    // A victim at another address is not locked out by these failures.
    expect(await signIn(email, "right password", from(randomAddress()))).toBe("signed-in");
  });

  it("counts by the address our proxy wrote: rotating the left part of X-Forwarded-For gains no guesses", async () => {
    const { email } = await createUser("right password");
    const attacker = randomAddress();
    const results = [];
    for (let i = 0; i < 14; i++) results.push(await signIn(email, `guess ${i}`, from(attacker, `192.0.2.${i}`)));
    results.push(await signIn(email, "right password", from(attacker, "192.0.2.99")));
    expect(results.filter((result) => result === "wrong")).toHaveLength(LOGIN_ACCOUNT_RULE.requests);
    expect(results.at(-1)).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
  });

  it("reserves attempts before checking: 50 parallel guesses cost at most the allowance and never sign in", async () => {
    const { email } = await createUser("right password");
    const address = randomAddress();
    const before = verifications.count;
    const guesses = Array.from({ length: 50 }, (_, i) => (i === 23 ? "right password" : `guess ${i}`));
    // The right password is 24th: it must not get through once the allowance is spent.
    const reserved = await Promise.all(
      guesses.slice(0, LOGIN_ACCOUNT_RULE.requests).map((p) => signIn(email, p, from(address))),
    );
    const rest = await Promise.all(
      guesses.slice(LOGIN_ACCOUNT_RULE.requests).map((p) => signIn(email, p, from(address))),
    );
    expect(reserved.every((result) => result === "wrong")).toBe(true);
    expect(rest.every((result) => result === SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS)).toBe(true);
    expect(verifications.count - before).toBe(LOGIN_ACCOUNT_RULE.requests);

    // All 50 at once: still only the allowance reaches argon2.
    const other = await createUser("right password");
    const burstAddress = randomAddress();
    const burstBefore = verifications.count;
    const burst = await Promise.all(guesses.map((p) => signIn(other.email, p, from(burstAddress))));
    expect(burst.filter((result) => result !== SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS).length).toBeLessThanOrEqual(
      LOGIN_ACCOUNT_RULE.requests,
    );
    expect(verifications.count - burstBefore).toBeLessThanOrEqual(LOGIN_ACCOUNT_RULE.requests);
    expect(burst).not.toContain("signed-in");
  });

  it("limits failures per address across accounts (credential stuffing), not successes", async () => {
    const address = randomAddress();
    const { email } = await createUser("mine");
    // Signing in successfully many times from a shared office address costs nothing.
    for (let i = 0; i < LOGIN_ADDRESS_RULE.requests + 5; i++)
      expect(await signIn(email, "mine", from(address))).toBe("signed-in");
    const results = [];
    for (let i = 0; i < LOGIN_ADDRESS_RULE.requests + 1; i++) {
      results.push(await signIn(`stuffed-${i}-${uniqueSuffix()}@example.test`, "password1", from(address)));
    }
    expect(results.slice(0, LOGIN_ADDRESS_RULE.requests).every((result) => result === "wrong")).toBe(true);
    expect(results.at(-1)).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
    expect(await signIn(email, "mine", from(address))).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
    expect(await signIn(email, "mine", from(randomAddress()))).toBe("signed-in");
  });

  it("counts an IPv6 client by its /64: 40 wrong passwords from 40 addresses of one prefix are throttled", async () => {
    const { email } = await createUser("right password");
    const prefix = `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
    const before = verifications.count;
    const results = [];
    for (let i = 0; i < 40; i++)
      results.push(await signIn(email, `guess ${i}`, from(`${prefix}:${i.toString(16)}::1`)));
    expect(results.filter((result) => result === "wrong")).toHaveLength(LOGIN_ACCOUNT_RULE.requests);
    expect(results.slice(LOGIN_ACCOUNT_RULE.requests).every((r) => r === SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS)).toBe(true);
    expect(verifications.count - before).toBe(LOGIN_ACCOUNT_RULE.requests);
    // The same prefix written as IPv4-mapped or upper case is no way out; another /64 is another client.
    expect(await signIn(email, "right password", from(`${prefix.toUpperCase()}:ffff::9`))).toBe(
      SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS,
    );
    expect(await signIn(email, "right password", from("2001:db8:ffff:ffff::1"))).toBe("signed-in");
  });

  it("keeps IPv4 per address, IPv4-mapped IPv6 included", async () => {
    const { email } = await createUser("right password");
    const [a, b, c] = randomBytes(3);
    const first = `10.${a}.${b}.${c}`;
    const neighbour = `10.${a}.${b}.${c ^ 1}`;
    for (let i = 0; i < LOGIN_ACCOUNT_RULE.requests; i++)
      expect(await signIn(email, `g${i}`, from(first))).toBe("wrong");
    expect(await signIn(email, "right password", from(`::ffff:${first}`))).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
    expect(await signIn(email, "right password", from(neighbour))).toBe("signed-in");
  });

  it("bounds one account's failures across all addresses, but not from where its owner signs in", async () => {
    // Mid-window: a sliding window weighs the previous hour's count, so a run that crossed the
    // top of the hour would see 20 attempts as slightly fewer and grant one more.
    const hour = 3_600_000;
    vi.useFakeTimers({ now: Math.floor(Date.now() / hour) * hour + 90 * 60_000, toFake: ["Date"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const { email } = await createUser("owner's password");
    const home = randomAddress();
    expect(await signIn(email, "owner's password", from(home))).toBe("signed-in"); // remembered
    // A guesser with a fresh address for every attempt: 40 addresses, IPv4 and whole /64s alike.
    const results = [];
    for (let i = 0; i < 40; i++) {
      const address = i % 2 ? randomAddress() : `2001:db8:${randomBytes(2).toString("hex")}:${i}::1`;
      results.push(await signIn(email, `guess ${i}`, from(address)));
    }
    expect(results.slice(0, LOGIN_ACCOUNT_TOTAL_RULE.requests).every((result) => result === "wrong")).toBe(true);
    expect(results.slice(LOGIN_ACCOUNT_TOTAL_RULE.requests).every((r) => r === SIGN_IN_ERRORS.ACCOUNT_THROTTLED)).toBe(
      true,
    );
    // Even the right password from yet another address is refused while the bound is spent…
    expect(await signIn(email, "owner's password", from(randomAddress()))).toBe(SIGN_IN_ERRORS.ACCOUNT_THROTTLED);
    // …but the owner, where they signed in before, signs in (a typo first costs nothing more).
    expect(await signIn(email, "typo", from(home))).toBe("wrong");
    expect(await signIn(email, "owner's password", from(home))).toBe("signed-in");
    // From home, the account + address allowance still holds for a guesser sharing that address.
    for (let i = 0; i < LOGIN_ACCOUNT_RULE.requests; i++) await signIn(email, `home guess ${i}`, from(home));
    expect(await signIn(email, "owner's password", from(home))).toBe(SIGN_IN_ERRORS.TOO_MANY_ATTEMPTS);
    // An account that does not exist answers alike: the refusal tells nobody which accounts exist.
    const nobody = `nobody-${uniqueSuffix()}@example.test`;
    const guesses = [];
    for (let i = 0; i <= LOGIN_ACCOUNT_TOTAL_RULE.requests; i++)
      guesses.push(await signIn(nobody, "x", from(randomAddress())));
    expect(guesses.at(-1)).toBe(SIGN_IN_ERRORS.ACCOUNT_THROTTLED);
  });
});

describe("next-auth's log lines", () => {
  it("are one JSON line with the code, never what the request sent (next-auth wrote stack traces)", () => {
    const logs = captureLogs();
    try {
      const sent = `\u0000${"a".repeat(5_000)}\u001b[31m`;
      authLogger.error("INVALID_CALLBACK_URL_ERROR", new Error(`Invalid callback URL. Received: ${sent}`));
      authLogger.error("JWT_SESSION_ERROR", { error: new Error(`decryption failed ${sent}`) } as never);
      authLogger.error("SOME_SERVER_ERROR", new Error("first line\nthe reason"));
      expect(logs.lines).toMatchObject([
        { level: "warn", component: "auth", code: "INVALID_CALLBACK_URL_ERROR", msg: "next-auth refused a request" },
        { level: "warn", component: "auth", code: "JWT_SESSION_ERROR" },
        { level: "error", component: "auth", code: "SOME_SERVER_ERROR", reason: "the reason" },
      ]);
      expect(logs.text()).not.toContain("aaaa");
      expect(logs.text()).not.toContain("    at ");
    } finally {
      logs.stop();
    }
  });
});
