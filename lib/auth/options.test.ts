import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createOrganization, uniqueSuffix } from "@/tests/factories";
import { authorizeCredentials, TOO_MANY_ATTEMPTS } from "./options";
import { hashPassword } from "./password";

async function createUser(password: string) {
  const org = await createOrganization();
  const email = `login-${uniqueSuffix()}@example.test`;
  const user = await db.user.create({ data: { email, name: "Lee Login", passwordHash: await hashPassword(password) } });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: "ADMIN" } });
  return { email, org, user };
}

const fromIp = (ip: string) => ({ headers: { "x-forwarded-for": ip } });

describe("sign-in with email and password", () => {
  it("returns the user with organization and role for the right password, null otherwise", async () => {
    const { email, org, user } = await createUser("correct horse");
    expect(
      await authorizeCredentials({ email: email.toUpperCase(), password: "correct horse" }, fromIp("10.0.0.1")),
    ).toEqual({
      id: user.id,
      email,
      name: "Lee Login",
      organizationId: org.id,
      role: "ADMIN",
    });
    expect(await authorizeCredentials({ email, password: "wrong" }, fromIp("10.0.0.1"))).toBeNull();
    expect(await authorizeCredentials({ email: "nobody@example.test", password: "x" }, fromIp("10.0.0.1"))).toBeNull();
    expect(await authorizeCredentials({ email: "not an email", password: "x" }, fromIp("10.0.0.1"))).toBeNull();
  });

  it("throttles repeated failures for one email and IP, even for the right password", async () => {
    const { email } = await createUser("right password");
    for (let i = 0; i < 5; i++) {
      expect(await authorizeCredentials({ email, password: `wrong ${i}` }, fromIp("10.0.0.2"))).toBeNull();
    }
    await expect(authorizeCredentials({ email, password: "wrong again" }, fromIp("10.0.0.2"))).rejects.toThrow(
      TOO_MANY_ATTEMPTS,
    );
    await expect(authorizeCredentials({ email, password: "right password" }, fromIp("10.0.0.2"))).rejects.toThrow(
      TOO_MANY_ATTEMPTS,
    );
    // Another IP is not affected by this one's failures.
    expect(await authorizeCredentials({ email, password: "right password" }, fromIp("10.0.0.3"))).not.toBeNull();
  });
});
