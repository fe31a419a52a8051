import { afterAll, afterEach } from "vitest";
import { POST } from "@/app/api/secret-scanning/github/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { db } from "@/lib/db/client";
import { runAfterTasks } from "./after-tasks";
import { apiRequest, noParams } from "./api-helpers";
import { createMember, createOrganization } from "./factories";
import { startMailServer } from "./mail";
import { alertRequest, generateSigningKey, type SigningKey, startKeyListServer } from "./secret-scanning";

/**
 * The secret-scanning alert endpoint end to end, for lib/secret-scanning's tests: real
 * signatures (a key pair generated here, its public key served by a local HTTP server as GitHub
 * serves its list), Postgres, the API route a leaked key was used on, and a real SMTP server
 * receiving the admins' email. Call it at the top of the file (lib/env reads the URLs set here
 * on first use), after mocking next/server with withCollectedAfter (tests/after-tasks.ts).
 */
export async function startAlertEndpoint() {
  const github = generateSigningKey();
  const stranger = generateSigningKey(github.identifier); // same identifier, not GitHub's key
  const keyList = await startKeyListServer([github]);
  const mail = await startMailServer();
  process.env.SECRET_SCANNING_KEYS_URL = keyList.url;
  process.env.SMTP_URL = mail.url;
  process.env.NEXTAUTH_URL = "https://app.glyphic.test";
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  afterEach(runAfterTasks);
  afterAll(async () => {
    await keyList.stop();
    await mail.stop();
  });

  async function postAlert(items: unknown, key: SigningKey = github) {
    const response = await POST(alertRequest(JSON.stringify(items), key));
    await runAfterTasks();
    return response;
  }

  /** Everything an alert may change, to show that a refused one changed nothing. */
  async function snapshot(organizationId: string) {
    const [keys, events, leaks] = await Promise.all([
      db.apiKey.findMany({ where: { organizationId }, select: { id: true, revokedAt: true }, orderBy: { id: "asc" } }),
      db.auditEvent.count({ where: { organizationId } }),
      db.keyLeak.count({ where: { organizationId } }),
    ]);
    return { keys, events, leaks, mails: mail.received.length };
  }

  return { github, stranger, keyList, mail, postAlert, snapshot };
}

export async function organizationWithKey() {
  const org = await createOrganization({ name: `Acme ${Math.random().toString(36).slice(2, 6)}` });
  const owner = await createMember(org.id, "OWNER");
  const admin = await createMember(org.id, "ADMIN");
  const member = await createMember(org.id, "MEMBER");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse export" });
  return { org, owner, admin, member, key: created.key, keyId: created.summary.id, prefix: created.summary.prefix };
}

/** The status /api/v1/me answers to `key`: 200 while it lives, 401 once revoked. */
export const meStatus = async (key: string) => (await getMe(apiRequest("/api/v1/me", { key }), noParams)).status;

/** One finding of an alert, as GitHub sends it. */
export const finding = (token: string) => ({
  token,
  type: "glyphic_api_key",
  url: "https://github.com/acme/app/blob/2f1c/config/settings.js",
  source: "content",
});
