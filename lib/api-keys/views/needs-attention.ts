import { z } from "zod";
import type { KeyUse } from "../../requests/queries";
import { maskedKey } from "../format";
import { type Finding, keyHealth } from "../health";
import type { KeyPolicy } from "../policies";
import { keyStatus } from "../state";
import type { ApiKeyDetail } from "./summary";

/**
 * Settings → API "Needs attention" and the key page's health: each working key with something
 * to say (lib/api-keys/health.ts), as sent to the browser. A key with nothing to say is left out.
 */
const findingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("never_expires"), message: z.string() }),
  z.object({
    kind: z.literal("unused_permissions"),
    message: z.string(),
    narrowTo: z.array(z.string()),
    unused: z.array(z.string()),
  }),
  z.object({ kind: z.literal("few_networks"), message: z.string(), networks: z.array(z.string()) }),
  z.object({ kind: z.literal("unused"), message: z.string(), days: z.number() }),
  z.object({ kind: z.literal("policy"), message: z.string() }),
  // Keys that no longer work, already in a notice above the table: listed here too, by name.
  z.object({ kind: z.literal("leaked"), message: z.string() }),
  z.object({ kind: z.literal("still_tried"), message: z.string() }),
]);

export const needsAttentionSchema = z.object({
  keyId: z.string(),
  name: z.string(),
  maskedKey: z.string(),
  findings: z.array(findingSchema).min(1),
});
export type NeedsAttention = z.infer<typeof needsAttentionSchema>;
export type HealthFinding = Finding;

/** Working keys only (active or rolling): expired and revoked keys have their own notices. */
export function needsAttention(
  keys: readonly ApiKeyDetail[],
  use: ReadonlyMap<string, KeyUse>,
  policy: KeyPolicy,
  now: Date,
): NeedsAttention[] {
  const listed: NeedsAttention[] = [];
  for (const key of keys) {
    if (key.revokedAt !== null || keyStatus(key, now) === "expired") continue;
    const findings = keyHealth(
      key,
      { ...(use.get(key.id) ?? { networks: [], permissionsUsed: [] }), keptUntil: key.unusedKeptUntil },
      policy,
      now,
    );
    if (findings.length === 0) continue;
    listed.push(
      needsAttentionSchema.parse({ keyId: key.id, name: key.name, maskedKey: maskedKey(key.prefix), findings }),
    );
  }
  return listed;
}

/**
 * The stopped keys Settings → API already has notices for — reported leaked, or still tried after
 * they stopped working — as Needs attention entries, after the working keys: one list of
 * everything that wants an admin's eye. No fix button: the notices above hold theirs.
 */
export function stoppedKeysNeedingAttention(
  leaks: readonly { keyId: string; keyName: string; keyPrefix: string; foundWhere: string }[],
  stillTried: readonly { id: string; name: string; prefix: string; attempts: number }[],
): NeedsAttention[] {
  const entries = new Map<string, NeedsAttention>();
  const add = (keyId: string, name: string, prefix: string, finding: NeedsAttention["findings"][number]) => {
    const entry = entries.get(keyId) ?? { keyId, name, maskedKey: maskedKey(prefix), findings: [] };
    entry.findings.push(finding);
    entries.set(keyId, entry);
  };
  for (const leak of leaks) {
    add(leak.keyId, leak.keyName, leak.keyPrefix, {
      kind: "leaked",
      message: `Was found ${leak.foundWhere} and revoked at once (see the notice above).`,
    });
  }
  for (const key of stillTried) {
    add(key.id, key.name, key.prefix, {
      kind: "still_tried",
      message: `No longer works, but was tried ${key.attempts === 1 ? "once" : `${key.attempts} times`} in the last 24 hours.`,
    });
  }
  return [...entries.values()].map((entry) => needsAttentionSchema.parse(entry));
}
