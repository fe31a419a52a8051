import { touchApiKeyLastUsed } from "../api-keys/verify";
import { processSingleton } from "../process-singleton";

/** "Last Used" is shown to the minute; writing it more often would only load the database. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Key id → when this process last wrote (or decided not to write) its Last Used. */
const recentWrites = processSingleton("api-key-last-used", () => new Map<string, number>());

/**
 * Records a use of the key, called after the response is sent. Three guards keep it to at most
 * one write per key per minute: the row as read for this request, this process's own memory,
 * and the UPDATE's own WHERE clause (which also holds across instances).
 */
export async function recordApiKeyUse(
  apiKey: { id: string; lastUsedAt: Date | null },
  now: number = Date.now(),
): Promise<void> {
  if (apiKey.lastUsedAt && now - apiKey.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
  const last = recentWrites.get(apiKey.id);
  if (last !== undefined && now - last < LAST_USED_RESOLUTION_MS) return;
  // Claimed before the write, so concurrent requests of one key do not all write.
  recentWrites.set(apiKey.id, now);
  if (recentWrites.size > 10_000) forgetOlderThan(now - LAST_USED_RESOLUTION_MS);
  try {
    await touchApiKeyLastUsed(apiKey.id);
  } catch (error) {
    recentWrites.delete(apiKey.id);
    // Best effort: a missed Last Used must never fail or slow an API response.
    console.warn(`[api] could not record Last Used of key ${apiKey.id}: ${(error as Error).message}`);
  }
}

function forgetOlderThan(cutoff: number) {
  for (const [id, at] of recentWrites) if (at < cutoff) recentWrites.delete(id);
}

/** Tests: behave like a freshly started instance. */
export function forgetRecentApiKeyUses(): void {
  recentWrites.clear();
}
