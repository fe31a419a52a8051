import path from "node:path";
import type { ApiFixtures } from "./fixtures/api";
import type { KeyPageFixtures } from "./fixtures/key-page";
import { loadFixtures } from "./fixtures/load";
import type { PoliciesFixtures } from "./fixtures/policies";
import type { SettingsFixtures } from "./fixtures/settings";
import { DEMO_PASSWORD } from "./helpers";

/**
 * Signed-in browser states: the "setup" project (e2e/auth.setup.ts) signs each user in once
 * through the form and saves the session cookie; specs start signed in with
 * `test.use(signedInAs(email))`. Per E2E_PORT, like the fixtures, so runs on other ports
 * never pick up another server's sessions. Sessions are JWTs: signing out in one test clears
 * that test's cookie only, and the saved state stays valid.
 */
const STATES_DIR = path.join(process.cwd(), "test-results", ".auth", process.env.E2E_PORT ?? "3100");

export function storageStateOf(email: string): string {
  return path.join(STATES_DIR, `${email}.json`);
}

export function signedInAs(email: string) {
  return { storageState: storageStateOf(email) };
}

/** Everyone a spec acts as: the demo users and the admins of each spec area's fixtures. */
export function usersToSignIn(): { email: string; password: string }[] {
  const { orgs } = loadFixtures<SettingsFixtures>("settings");
  const api = loadFixtures<ApiFixtures>("api");
  const { adminEmail } = loadFixtures<{ adminEmail: string }>("hardening");
  const keyPage = loadFixtures<KeyPageFixtures>("keyPage");
  const leaks = loadFixtures<{ adminEmail: string }>("leaks");
  const inputs = loadFixtures<{ adminEmail: string }>("inputs");
  const management = loadFixtures<{ adminEmail: string }>("management");
  const policies = loadFixtures<PoliciesFixtures>("policies");
  const keyHealth = loadFixtures<{ adminEmail: string }>("keyHealth");
  const emails = [
    "admin@acme.test",
    "member@acme.test",
    "admin@globex.test",
    ...Object.values(orgs).flatMap((org) => org.members.map((member) => member.email)),
    adminEmail,
    keyPage.admin.email,
    keyPage.member.email,
    leaks.adminEmail,
    inputs.adminEmail,
    management.adminEmail,
    policies.owner.email,
    policies.admin.email,
    keyHealth.adminEmail,
  ];
  return [...emails.map((email) => ({ email, password: DEMO_PASSWORD })), api.primaryAdmin];
}
