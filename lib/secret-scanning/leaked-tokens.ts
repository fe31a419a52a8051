import { revokeLeakedApiKey } from "../api-keys/commands/revoke";
import { hashApiKey, isWellFormedApiKey } from "../api-keys/format";
import { db } from "../db/client";
import { keyLeakEmail } from "../email/messages";
import { keyAdminEmails } from "../email/recipients";
import { stripControlCharacters } from "../format/plain-text";
import { componentLogger } from "../log";
import { enqueue, sendOutboxMessages } from "../outbox/outbox";

/**
 * What a verified secret-scanning alert does (github.ts admits it: headers, budget, signature,
 * body): each token that is one of our keys is revoked at once by the recipe of every key change,
 * with its leak notice and the admins' email in the same transaction. The answer is the
 * reporter's feedback, one label per token.
 */
const MAX_URL_LENGTH = 2_048;

/** One token of an alert, as the reporter sent it (github.ts has checked its shape). */
export interface AlertItem {
  token: string;
  type: string;
  url?: string | null;
  source?: string | null;
}

interface Feedback {
  token_raw: string;
  token_type: string;
  label: "true_positive" | "false_positive";
}

export async function processAlert(
  items: AlertItem[],
  /** Runs work after the response is sent (next/server's after in the route). */
  deps: { afterResponse: (task: () => Promise<void>) => void },
): Promise<Feedback[]> {
  const log = componentLogger("secret-scanning");
  // Only strings of our exact shape with a valid checksum can be keys: the rest are false
  // positives without a lookup.
  const hashOf = new Map<string, string>();
  for (const item of items) if (isWellFormedApiKey(item.token)) hashOf.set(item.token, hashApiKey(item.token));
  const keys =
    hashOf.size === 0
      ? []
      : await db.apiKey.findMany({
          where: { hash: { in: [...new Set(hashOf.values())] } },
          select: {
            id: true,
            organizationId: true,
            hash: true,
            revokedAt: true,
            organization: { select: { name: true } },
          },
        });
  const byHash = new Map(keys.map((key) => [key.hash, key]));

  const handled = new Set<string>();
  const messages: string[] = [];
  for (const item of items) {
    const hash = hashOf.get(item.token);
    const key = hash ? byHash.get(hash) : undefined;
    if (!key || key.revokedAt || handled.has(key.id)) continue;
    handled.add(key.id);
    // What GitHub sent about the finding reaches the notice, the audit log and the email: as
    // plain text, without control characters (stripped, not refused: the key is revoked anyway).
    const url = item.url ? stripControlCharacters(item.url).slice(0, MAX_URL_LENGTH) : "";
    const source = item.source ? stripControlCharacters(item.source) : "";
    const report = {
      reporter: "github",
      tokenType: stripControlCharacters(item.type),
      url: url || null,
      source: source || null,
    };
    const organization = key.organization.name;
    // The admins' email is enqueued in the revocation's transaction (lib/outbox): a revoked key
    // always has its email on the way, even if this instance dies right after the commit.
    const revoked = await revokeLeakedApiKey(
      { organizationId: key.organizationId, keyId: key.id },
      report,
      async (tx, leaked) =>
        enqueue(tx, {
          kind: "email",
          payload: keyLeakEmail({
            to: await keyAdminEmails(key.organizationId, tx),
            organization,
            key: leaked,
            ...report,
            revokedAt: leaked.revokedAt,
          }),
        }),
    );
    if (!revoked) continue; // revoked meanwhile, by an admin or a concurrent alert
    log.warn(
      {
        organizationId: key.organizationId,
        keyId: key.id,
        keyPrefix: revoked.prefix,
        url: report.url,
        source: report.source,
      },
      "leaked key revoked",
    );
    if (revoked.notice) messages.push(revoked.notice);
  }
  // Sent at once after the response, through the outbox's sender; what fails there (a mail
  // server down, an instance that dies) the outbox job retries.
  if (messages.length > 0) deps.afterResponse(() => sendOutboxMessages(messages));
  log.info(
    { tokens: items.length, ours: items.filter((item) => isOurs(item, hashOf, byHash)).length },
    "alert processed",
  );
  return items.map((item) => ({
    token_raw: item.token,
    token_type: item.type,
    label: isOurs(item, hashOf, byHash) ? "true_positive" : "false_positive",
  }));
}

function isOurs(item: AlertItem, hashOf: Map<string, string>, byHash: Map<string, unknown>): boolean {
  const hash = hashOf.get(item.token);
  return hash !== undefined && byHash.has(hash);
}
