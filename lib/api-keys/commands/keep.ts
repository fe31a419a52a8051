import { DAY_MS } from "../expiry";
import { KEEP_SILENCE_DAYS } from "../health";
import { type Actor, changeKey, notRevoked } from "./key-change";

/** "Keep" on a key not used for 30 days: key health stops saying so for 90 days (audited). */
export async function keepUnusedKey(input: Actor & { keyId: string }): Promise<{ id: string; until: Date }> {
  return changeKey(
    input,
    { keyId: input.keyId, state: notRevoked, notFound: "This key doesn't exist or has been revoked." },
    async ({ key, now, update, audit }) => {
      const until = new Date(now.getTime() + KEEP_SILENCE_DAYS * DAY_MS);
      await update({ unusedKeptUntil: until });
      await audit(key, { action: "api_key.kept", details: { until: until.toISOString() } });
      return { id: key.id, until };
    },
  );
}
