import { describe, expect, it, vi } from "vitest";

vi.mock("next/server", async (importOriginal) =>
  (await import("@/tests/after-tasks")).withCollectedAfter(importOriginal),
);

import { POST } from "@/app/api/secret-scanning/github/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { revokeApiKey } from "@/lib/api-keys/commands/revoke";
import { rollApiKey } from "@/lib/api-keys/commands/roll";
import { generateApiKey } from "@/lib/api-keys/format";
import { loadLeakNotices } from "@/lib/api-keys/views/notices";
import { loadRecentActivity } from "@/lib/audit/activity";
import { db } from "@/lib/db/client";
import { backoffMs, runOutbox } from "@/lib/outbox/outbox";
import { runAfterTasks } from "@/tests/after-tasks";
import { finding, meStatus, organizationWithKey, startAlertEndpoint } from "@/tests/alert-endpoint";
import { failOutboxInserts } from "@/tests/outbox";
import { alertRequest } from "@/tests/secret-scanning";

/** What a verified alert does: the key revoked, the finding recorded, the admins emailed. */
const { github, mail, postAlert, snapshot } = await startAlertEndpoint();

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
