import { expect, test as setup } from "@playwright/test";
import { storageStateOf, usersToSignIn } from "./signed-in";

// One sign-in per user for the whole run, saved for the specs. It goes through next-auth's
// credentials endpoint, as the login form does, without rendering pages: the form itself is
// under test in e2e/auth.spec.ts.
setup.describe.configure({ mode: "parallel" });

for (const { email, password } of usersToSignIn()) {
  setup(`sign in as ${email}`, async ({ request }) => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email, password, json: "true" },
    });
    expect(response.ok()).toBe(true);
    const session = await (await request.get("/api/auth/session")).json();
    expect(session?.user?.email).toBe(email);
    await request.storageState({ path: storageStateOf(email) });
  });
}
