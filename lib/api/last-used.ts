import { touchApiKeyLastUsed } from "../api-keys/verification/verify";
import { componentLogger, errorReason } from "../log";
import { processSingleton } from "../process-singleton";

const log = componentLogger("api");

/** "Last Used" is shown to the minute; writing it more often would only load the database. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Key id → when this process last wrote (or decided not to write) its Last Used. */
const recentWrites = processSingleton("api-key-last-used", () => new Map<string, number>());

/**
 * Whether a use of the key now should be written, decided without I/O so the wrapper schedules
 * after-response work only when there is some. Two guards: the row as read (or cached) for this
 * request, and this process's own memory. The UPDATE's WHERE clause is the third (it also holds
 * across instances, and when the cached row is older than the minute).
 */
export function lastUseDue(apiKey: { id: string; lastUsedAt: Date | null }, now: number = Date.now()): boolean {
  if (apiKey.lastUsedAt && now - apiKey.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return false;
  const last = recentWrites.get(apiKey.id);
  return last === undefined || now - last >= LAST_USED_RESOLUTION_MS;
}

/** Records a use of the key, called after the response is sent. At most one write per key per minute. */
export async function recordApiKeyUse(
  apiKey: { id: string; lastUsedAt: Date | null },
  now: number = Date.now(),
): Promise<void> {
  if (!lastUseDue(apiKey, now)) return;
  // Claimed before the write, so concurrent requests of one key do not all write.
  recentWrites.set(apiKey.id, now);
  if (recentWrites.size > 10_000) forgetOlderThan(now - LAST_USED_RESOLUTION_MS);
  try {
    await touchApiKeyLastUsed(apiKey.id);
  } catch (error) {
    recentWrites.delete(apiKey.id);
    // Best effort: a missed Last Used must never fail or slow an API response.
    log.warn({ keyId: apiKey.id, reason: errorReason(error) }, "could not record Last Used");
  }
}

function forgetOlderThan(cutoff: number) {
  for (const [id, at] of recentWrites) if (at < cutoff) recentWrites.delete(id);
}

/** Tests: behave like a freshly started instance. */
export function forgetRecentApiKeyUses(): void {
  recentWrites.clear();
}
