import { afterAll, afterEach, describe, expect, it, vi } from "vitest";

vi.mock("next/server", async (importOriginal) =>
  (await import("@/tests/after-tasks")).withCollectedAfter(importOriginal),
);

import { POST } from "@/app/api/secret-scanning/github/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { generateApiKey } from "@/lib/api-keys/format";
import { loadLeakNotices } from "@/lib/api-keys/views/notices";
import { loadRecentActivity } from "@/lib/audit/activity";
import { db } from "@/lib/db/client";
import { captureLogs } from "@/lib/log";
import { backoffMs, runOutbox } from "@/lib/outbox/outbox";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { startMailServer } from "@/tests/mail";
import { failOutboxInserts } from "@/tests/outbox";
import {
  alertRequest,
  generateSigningKey,
  madeUpKeyIdentifier,
  signBody,
  startKeyListServer,
} from "@/tests/secret-scanning";
import { handleGithubAlert, MAX_ITEMS, UNVERIFIED_ALERTS_RULE } from "./github";
import {
  createPublicKeyCache,
  KEY_LIST_MAX_AGE_MS,
  KEY_LIST_STALE_LIMIT_MS,
  type PublicKeyCache,
  REFETCH_INTERVAL_MS,
} from "./public-keys";

/**
 * The alert endpoint end to end: the real route handler, real signatures (a key pair generated
 * here, its public key served by a local HTTP server as GitHub serves its list), Postgres, the
 * API route the leaked key was used on, and a real SMTP server receiving the admins' email.
 * Read by lib/env on first use, so set before anything asks for it.
 */
const github = generateSigningKey();
const stranger = generateSigningKey(github.identifier); // same identifier, not GitHub's key
const keyList = await startKeyListServer([github]);
const mail = await startMailServer();
process.env.SECRET_SCANNING_KEYS_URL = keyList.url;
process.env.SMTP_URL = mail.url;
process.env.NEXTAUTH_URL = "https://app.glyphic.test";
delete process.env.UPSTASH_REDIS_REST_URL;
delete process.env.UPSTASH_REDIS_REST_TOKEN;

afterEach(async () => {
  await runAfterTasks();
});

afterAll(async () => {
  await keyList.stop();
  await mail.stop();
});

async function organizationWithKey() {
  const org = await createOrganization({ name: `Acme ${Math.random().toString(36).slice(2, 6)}` });
  const owner = await createMember(org.id, "OWNER");
  const admin = await createMember(org.id, "ADMIN");
  const member = await createMember(org.id, "MEMBER");
  const created = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse export" });
  return { org, owner, admin, member, key: created.key, keyId: created.summary.id, prefix: created.summary.prefix };
}

const meStatus = async (key: string) => (await getMe(apiRequest("/api/v1/me", { key }), noParams)).status;

const finding = (token: string) => ({
  token,
  type: "glyphic_api_key",
  url: "https://github.com/acme/app/blob/2f1c/config/settings.js",
  source: "content",
});

async function postAlert(items: unknown, key = github) {
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

describe("a signed alert for a live key", () => {
  it("revokes it at once (the next API call answers 401), records who found it, and emails the admins", async () => {
    const { org, owner, admin, key, keyId, prefix } = await organizationWithKey();
    const other = await organizationWithKey(); // another organization's admins hear nothing
    expect(await meStatus(key)).toBe(200); // and the key is now in this instance's cache

    const notOurs = generateApiKey().key; // our format, but no such key
    const before = mail.received.length;
    const response = await postAlert([finding(key), finding(notOurs), { token: "ghp_abc", type: "glyphic_api_key" }]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      { token_raw: key, token_type: "glyphic_api_key", label: "true_positive" },
      { token_raw: notOurs, token_type: "glyphic_api_key", label: "false_positive" },
      { token_raw: "ghp_abc", token_type: "glyphic_api_key", label: "false_positive" },
    ]);

    expect(await meStatus(key)).toBe(401);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    expect(row.revokedAt).not.toBeNull();
    expect(row.revokedById).toBeNull();

    const leak = await db.keyLeak.findUniqueOrThrow({ where: { apiKeyId: keyId } });
    expect(leak).toMatchObject({ organizationId: org.id, reporter: "github", source: "content", dismissedAt: null });
    expect(leak.url).toBe(finding(key).url);

    const events = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "api_key.revoked" } });
    expect(events).toHaveLength(1);
    expect(events[0].actorId).toBeNull();
    expect(events[0].details).toEqual({
      actor: "secret_scanning",
      reporter: "github",
      tokenType: "glyphic_api_key",
      url: finding(key).url,
      source: "content",
    });
    expect(JSON.stringify(events[0])).not.toContain(key.slice(9));
    const [activity] = await loadRecentActivity(org.id);
    expect(activity.actorName).toBe("Secret scanning");
    expect(activity.description).toBe(
      `revoked “Warehouse export” (${prefix}…) after it was found in a public repository`,
    );

    const [email] = (await mail.waitFor(before + 1)).slice(before);
    expect(email.recipients).toEqual([owner.email, admin.email].sort());
    expect(email.from).toContain("notifications@glyphic.ai");
    expect(email.subject).toBe('API key "Warehouse export" was found in a public repository and has been revoked');
    expect(email.text).toContain(org.name);
    expect(email.text).toContain(`Warehouse export (${prefix}…)`);
    expect(email.text).toContain(finding(key).url);
    expect(email.text).toContain("https://app.glyphic.test/settings/api");
    expect(email.text).not.toContain(key.slice(9, -6));
    expect(mail.received.slice(before).some((m) => m.recipients.some((r) => r === other.admin.email))).toBe(false);
    expect(await meStatus(other.key)).toBe(200);
  });

  it("is idempotent: the same token reported twice makes one revocation, one event, one notice, one email", async () => {
    const { org, key } = await organizationWithKey();
    const before = mail.received.length;
    const [first, second] = await Promise.all([postAlert([finding(key)]), postAlert([finding(key), finding(key)])]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect((await second.json()).map((item: { label: string }) => item.label)).toEqual([
      "true_positive",
      "true_positive",
    ]);
    expect((await postAlert([finding(key)])).status).toBe(200);
    await mail.waitFor(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second email would have arrived by now
    expect(mail.received.length).toBe(before + 1);
    expect(await db.keyLeak.count({ where: { organizationId: org.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { organizationId: org.id, action: "api_key.revoked" } })).toBe(1);
  });

  it("revokes expired and rolling keys too, and leaves a key an admin already revoked as it is", async () => {
    const { org, admin, key: rolled, keyId: rolledId } = await organizationWithKey();
    await rollApiKey({ organizationId: org.id, userId: admin.id, keyId: rolledId, grace: "24h" });
    const expired = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Old", expiresInDays: 30 });
    await db.apiKey.update({ where: { id: expired.summary.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Gone" });
    await revokeApiKey({ organizationId: org.id, userId: admin.id, keyId: revoked.summary.id });

    const response = await postAlert([finding(rolled), finding(expired.key), finding(revoked.key)]);
    expect((await response.json()).map((item: { label: string }) => item.label)).toEqual([
      "true_positive",
      "true_positive",
      "true_positive",
    ]);
    const leaks = await db.keyLeak.findMany({ where: { organizationId: org.id }, select: { apiKeyId: true } });
    expect(new Set(leaks.map((leak) => leak.apiKeyId))).toEqual(new Set([rolledId, expired.summary.id]));
    const untouched = await db.apiKey.findUniqueOrThrow({ where: { id: revoked.summary.id } });
    expect(untouched.revokedById).toBe(admin.id);
  });
});

describe("what GitHub sent about a finding", () => {
  it("reaches the notice, the audit log and the email without control characters", async () => {
    const { org, key, keyId } = await organizationWithKey();
    const before = mail.received.length;
    const response = await postAlert([
      {
        token: key,
        type: "glyphic_api_key\u0007\u202e",
        url: "https://github.com/acme/app/blob/2f1c/.env\r\nBcc: someone@example.com\u0000",
        source: "weird\r\nSubject: Urgent\u001b[31m\u2028\u202edrowssap",
      },
    ]);
    expect(response.status).toBe(200);
    // GitHub's feedback repeats the type as sent (JSON): it is GitHub's own value.
    expect((await response.json())[0]).toMatchObject({ token_type: "glyphic_api_key\u0007\u202e" });
    const unsafe = /[\p{Cc}\u2028\u2029\u202a-\u202e]/u;

    const leak = await db.keyLeak.findUniqueOrThrow({ where: { apiKeyId: keyId } });
    expect(leak.url).toBe("https://github.com/acme/app/blob/2f1c/.envBcc: someone@example.com");
    expect(leak.source).toBe("weirdSubject: Urgent[31mdrowssap");
    expect(leak.tokenType).toBe("glyphic_api_key");
    const [event] = await db.auditEvent.findMany({ where: { organizationId: org.id, action: "api_key.revoked" } });
    expect(JSON.stringify(event.details)).not.toMatch(/\\u00|\\r|\\n|\u2028|\u202e/);
    const [activity] = await loadRecentActivity(org.id);
    expect(activity.description).not.toMatch(unsafe);

    const [notice] = await loadLeakNotices(org.id);
    expect(notice.foundWhere).toBe("in public (weirdSubject: Urgent[31mdrowssap)");
    expect(notice.url).toBeNull(); // with a space in it, no longer a link
    const [email] = (await mail.waitFor(before + 1)).slice(before);
    expect(email.subject).not.toMatch(unsafe);
    expect(email.subject).toBe(
      'API key "Warehouse export" was found in public (weirdSubject: Urgent[31mdrowssap) and has been revoked',
    );
    for (const line of email.text.split("\n")) expect(line).not.toMatch(unsafe); // its own line breaks only
    expect(email.text).not.toContain("Bcc:");
  });
});

describe("the leak email survives a mail server that is down", () => {
  it("is enqueued with the revocation; a failed immediate send is sent by the next outbox run", async () => {
    const { owner, admin, key, keyId } = await organizationWithKey();
    const before = mail.received.length;
    await mail.down();
    try {
      const response = await POST(alertRequest(JSON.stringify([finding(key)]), github));
      expect(response.status).toBe(200);
      await runAfterTasks(); // the immediate send, which fails
    } finally {
      await mail.up();
    }
    expect(mail.received.length).toBe(before);
    expect(await meStatus(key)).toBe(401);
    const [message] = await db.outboxMessage.findMany({ where: { sentAt: null } });
    expect(message).toMatchObject({ kind: "email", attempts: 1, failedAt: null });
    expect(message.lastError).toMatch(/ECONNREFUSED|connect/i);
    // Only what the email needs: never the key or its hash.
    const stored = JSON.stringify(message.payload);
    expect(stored).not.toContain(key.slice(9, -6));
    expect(stored).not.toContain((await db.apiKey.findUniqueOrThrow({ where: { id: keyId } })).hash.slice(0, 16));

    // The next outbox run once the backoff is over (the job; its clock moved instead of waiting).
    const retryAt = new Date(message.availableAt.getTime());
    expect(retryAt.getTime()).toBeGreaterThanOrEqual(Date.now() + backoffMs(1) - 5_000);
    expect(await runOutbox({ now: () => retryAt })).toMatchObject({ sent: 1, failed: 0 });
    const [email] = (await mail.waitFor(before + 1)).slice(before);
    expect(email.recipients).toEqual([owner.email, admin.email].sort());
    expect(email.subject).toBe('API key "Warehouse export" was found in a public repository and has been revoked');
    expect(await runOutbox({ now: () => retryAt })).toMatchObject({ sent: 0 });
  });

  it("commits the revocation and its email together: an email that cannot be enqueued leaves the key as it was", async () => {
    const { org, key } = await organizationWithKey();
    const before = await snapshot(org.id);
    const restore = await failOutboxInserts();
    try {
      const response = await postAlert([finding(key)]);
      expect(response.status).toBe(500); // GitHub retries the alert
    } finally {
      await restore();
    }
    expect(await snapshot(org.id)).toEqual(before);
    expect(await db.outboxMessage.count({ where: { sentAt: null } })).toBe(0);
    expect(await meStatus(key)).toBe(200);
    expect((await postAlert([finding(key)])).status).toBe(200); // the retry revokes it, with its email
    expect(await meStatus(key)).toBe(401);
  });
});

describe("a refused alert changes nothing", () => {
  it("answers 4xx with the error envelope for forged, unsigned, malformed and oversized alerts", async () => {
    const { org, key } = await organizationWithKey();
    const before = await snapshot(org.id);
    const body = JSON.stringify([finding(key)]);
    const signedOther = alertRequest(JSON.stringify([finding(generateApiKey().key)]), github);
    const cases: [string, Request, number, string][] = [
      ["signed by another key", alertRequest(body, stranger), 401, "invalid_signature"],
      [
        "a signature of another body",
        alertRequest(body, null, {
          "github-public-key-identifier": github.identifier,
          "github-public-key-signature": signedOther.headers.get("github-public-key-signature") ?? "",
        }),
        401,
        "invalid_signature",
      ],
      [
        "a signature that is not base64 DER",
        alertRequest(body, null, {
          "github-public-key-identifier": github.identifier,
          "github-public-key-signature": "not base64!",
        }),
        400,
        "bad_request",
      ],
      [
        "a signature longer than any P-256 signature",
        alertRequest(body, null, {
          "github-public-key-identifier": github.identifier,
          "github-public-key-signature": "A".repeat(100),
        }),
        400,
        "bad_request",
      ],
      [
        "a key identifier not of GitHub's shape (a hex SHA-256)",
        alertRequest(body, { ...github, identifier: "nobody-knows-this" }),
        400,
        "bad_request",
      ],
      [
        "a key identifier in upper case",
        alertRequest(body, { ...github, identifier: github.identifier.toUpperCase() }),
        400,
        "bad_request",
      ],
      ["no signature headers", alertRequest(body, null), 400, "bad_request"],
      ["malformed JSON, signed", alertRequest(`${body.slice(0, -1)}`, github), 400, "bad_request"],
      ["an object, not an array", alertRequest(JSON.stringify({ token: key }), github), 400, "bad_request"],
      ["an item without a type", alertRequest(JSON.stringify([{ token: key }]), github), 400, "bad_request"],
      [
        `more than ${MAX_ITEMS} items`,
        alertRequest(JSON.stringify([finding(key), ...Array.from({ length: MAX_ITEMS }, () => finding("x"))]), github),
        400,
        "bad_request",
      ],
      ["invalid UTF-8, signed", alertRequest(Buffer.from([0x5b, 0xff, 0x5d]), github), 400, "bad_request"],
      [
        "a body that breaks off",
        new Request("http://localhost/api/secret-scanning/github", {
          method: "POST",
          headers: {
            "github-public-key-identifier": github.identifier,
            "github-public-key-signature": signBody("[{", github),
          },
          body: new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode("[{"));
              controller.error(new Error("connection reset"));
            },
          }),
          duplex: "half",
        } as RequestInit),
        400,
        "bad_request",
      ],
      [
        "a body over 1 MB",
        alertRequest(JSON.stringify([finding(key), { token: "x".repeat(1024 * 1024), type: "t" }]), github),
        413,
        "payload_too_large",
      ],
    ];
    for (const [what, request, status, code] of cases) {
      const response = await POST(request);
      expect(response.status, what).toBe(status);
      expect(response.headers.get("content-type"), what).toMatch(/^application\/json/);
      const answer = await response.json();
      expect(answer.error.code, what).toBe(code);
      expect(answer.error.message, what).toMatch(/\w/);
    }
    await runAfterTasks();
    expect(await snapshot(org.id)).toEqual(before);
    expect(await meStatus(key)).toBe(200);
  });

  it("answers 503 when the key list is unreachable (GitHub retries), and changes nothing", async () => {
    const { org, key } = await organizationWithKey();
    const before = await snapshot(org.id);
    const down = createPublicKeyCache("http://127.0.0.1:9/unreachable");
    const response = await handleGithubAlert(alertRequest(JSON.stringify([finding(key)]), github), {
      keys: down,
      afterResponse: () => {},
    });
    expect(response.status).toBe(503);
    expect((await response.json()).error.code).toBe("service_unavailable");
    keyList.failWith = 500;
    try {
      const failing = createPublicKeyCache(keyList.url);
      const answer = await handleGithubAlert(alertRequest(JSON.stringify([finding(key)]), github), {
        keys: failing,
        afterResponse: () => {},
      });
      expect(answer.status).toBe(503);
    } finally {
      keyList.failWith = null;
    }
    expect(await snapshot(org.id)).toEqual(before);
    expect(await meStatus(key)).toBe(200);
  });

  it("rejects other methods with 405", async () => {
    const route = await import("@/app/api/secret-scanning/github/route");
    const response = await route.GET(new Request("http://localhost/api/secret-scanning/github"));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});

describe("the public key list", () => {
  it("is cached by identifier and refetched at most once a minute for an unknown identifier", async () => {
    let now = 1_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    const served = keyList.requests;
    expect("key" in (await cache.lookup(github.identifier))).toBe(true);
    expect("key" in (await cache.lookup(github.identifier))).toBe(true);
    expect(keyList.requests - served).toBe(1);

    // GitHub rotates: a new key appears in the list.
    const next = generateSigningKey();
    const madeUp = madeUpKeyIdentifier();
    keyList.keys = [next, github];
    try {
      // Fetched less than a minute ago: not again, and "not yet" (503, GitHub retries), not 401.
      const lookups = await Promise.all([cache.lookup(next.identifier), cache.lookup(madeUp), cache.lookup(madeUp)]);
      for (const lookup of lookups) expect(lookup).toEqual({ error: "throttled", retryAfterMs: REFETCH_INTERVAL_MS });
      expect(keyList.requests - served).toBe(1);
      now += REFETCH_INTERVAL_MS;
      const [rotated, unknown] = await Promise.all([cache.lookup(next.identifier), cache.lookup(madeUp)]);
      expect("key" in rotated).toBe(true);
      expect(unknown).toEqual({ error: "unknown" }); // fetched for this lookup: really not GitHub's
      expect(keyList.requests - served).toBe(2);
      expect("key" in (await cache.lookup(github.identifier))).toBe(true);
      expect(keyList.requests - served).toBe(2);
    } finally {
      keyList.keys = [github];
    }
  });

  it("refetches only for identifiers of GitHub's shape (a hex SHA-256)", async () => {
    let now = 5_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    expect("key" in (await cache.lookup(github.identifier))).toBe(true);
    const served = keyList.requests;
    now += REFETCH_INTERVAL_MS;
    for (const identifier of ["made-up", "x".repeat(64), github.identifier.toUpperCase(), `${github.identifier}0`]) {
      expect(await cache.lookup(identifier)).toEqual({ error: "unknown" });
    }
    expect(keyList.requests - served).toBe(0);
  });

  it("trusts a list for at most 24 hours: a refresh replaces it, so a key GitHub withdrew stops verifying", async () => {
    let now = 10_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    const alert = (key = github) => alertThrough(cache, key);
    expect((await alert()).status).toBe(200);
    const next = generateSigningKey();
    keyList.keys = [next]; // GitHub withdraws its key (compromised, say) and signs with another
    try {
      now += KEY_LIST_MAX_AGE_MS - 1;
      expect((await alert()).status).toBe(200); // still within the day
      now += 1;
      const withdrawn = await alert();
      expect(withdrawn.status).toBe(401);
      expect((await withdrawn.json()).error.code).toBe("invalid_signature");
      expect((await alert(next)).status).toBe(200);
    } finally {
      keyList.keys = [github];
    }
  });

  it("keeps the old list for a bounded time when a refresh fails, logging it, then answers 503", async () => {
    let now = 20_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    expect((await alertThrough(cache, github)).status).toBe(200);
    const logs = captureLogs();
    keyList.failWith = 500;
    try {
      const served = keyList.requests;
      now += KEY_LIST_MAX_AGE_MS;
      expect((await alertThrough(cache, github)).status).toBe(200); // refresh failed: the old list
      expect((await alertThrough(cache, github)).status).toBe(200); // not retried within the minute
      expect(keyList.requests - served).toBe(1);
      const failures = logs.lines.filter((line) => line.component === "secret-scanning" && line.level === "error");
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ listAgeSeconds: KEY_LIST_MAX_AGE_MS / 1000, reason: "HTTP 500" });

      now += KEY_LIST_STALE_LIMIT_MS - KEY_LIST_MAX_AGE_MS; // two days old and still unreachable
      const refused = await alertThrough(cache, github);
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(keyList.requests - served).toBe(2);

      keyList.failWith = null;
      now += REFETCH_INTERVAL_MS;
      expect((await alertThrough(cache, github)).status).toBe(200); // back once the list is
    } finally {
      keyList.failWith = null;
      logs.stop();
    }
  });
});

/** A signed alert with one token that is not ours (no database work), verified against `cache`. */
function alertThrough(cache: PublicKeyCache, key = github, address = "192.0.2.200") {
  const body = JSON.stringify([{ token: "ghp_not_ours", type: "glyphic_api_key" }]);
  return handleGithubAlert(alertRequest(body, key, { "x-forwarded-for": address }), {
    keys: cache,
    afterResponse: () => {},
  });
}

describe("an alert signed with a key published after our last fetch", () => {
  it("answers 503 with Retry-After while the refetch is throttled (GitHub retries a 503, not a 401), then verifies", async () => {
    let now = 30_000_000;
    const cache = createPublicKeyCache(keyList.url, () => now);
    expect((await alertThrough(cache, github)).status).toBe(200);
    const next = generateSigningKey();
    keyList.keys = [next, github];
    try {
      now += 20_000;
      const early = await alertThrough(cache, next);
      expect(early.status).toBe(503);
      expect((await early.json()).error.code).toBe("service_unavailable");
      expect(early.headers.get("retry-after")).toBe("40");
      now += 40_000;
      expect((await alertThrough(cache, next)).status).toBe(200); // GitHub's retry
    } finally {
      keyList.keys = [github];
    }
  });
});

describe("the alert endpoint's cost before a signature verifies", () => {
  it("checks the signature headers before reading the body", async () => {
    let pulled = false;
    const request = (headers: Record<string, string>) =>
      new Request("http://localhost/api/secret-scanning/github", {
        method: "POST",
        headers,
        body: new ReadableStream(
          {
            pull(controller) {
              pulled = true;
              controller.enqueue(new TextEncoder().encode("[]"));
              controller.close();
            },
          },
          { highWaterMark: 0 },
        ),
        duplex: "half",
      } as RequestInit);
    const signature = signBody("[]", github);
    for (const headers of <Record<string, string>[]>[
      {},
      { "github-public-key-identifier": github.identifier },
      { "github-public-key-identifier": "nobody", "github-public-key-signature": signature },
      { "github-public-key-identifier": github.identifier, "github-public-key-signature": `${signature}!` },
    ]) {
      const response = await POST(request(headers));
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe("bad_request");
    }
    expect(pulled).toBe(false);
    const served = await POST(
      request({ "github-public-key-identifier": github.identifier, "github-public-key-signature": signature }),
    );
    expect(served.status).toBe(200);
    expect(pulled).toBe(true);
  });

  it("limits unverified alerts per client address (429 with Retry-After); GitHub's verified alerts spend nothing", async () => {
    const body = JSON.stringify([{ token: "ghp_not_ours", type: "glyphic_api_key" }]);
    const from = (address: string, key = github) =>
      POST(alertRequest(body, key, { "x-forwarded-for": `198.51.100.1, ${address}` }));
    // GitHub's own alerts, more than the limit, from one address: all answered.
    for (let i = 0; i < UNVERIFIED_ALERTS_RULE.requests + 5; i++) expect((await from("203.0.113.10")).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < UNVERIFIED_ALERTS_RULE.requests + 2; i++)
      statuses.push((await from("203.0.113.66", stranger)).status);
    expect(statuses.slice(0, UNVERIFIED_ALERTS_RULE.requests).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(UNVERIFIED_ALERTS_RULE.requests)).toEqual([429, 429]);
    const refused = await from("203.0.113.66");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // Another address is not affected.
    expect((await from("203.0.113.67", stranger)).status).toBe(401);
    expect((await from("203.0.113.67")).status).toBe(200);
  });
});
