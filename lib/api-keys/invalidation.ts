import { forgetCachedKey } from "./key-cache";
import { publishKeyVersion } from "./key-cache-version";

/**
 * Every change that can make a key stop working, or change what the API reports about it
 * (revoke, roll, rename, expiry), calls invalidateApiKey(hash) after its transaction commits and
 * awaits it before it reports success. When it returns:
 * - this process has forgotten the key, and a lookup still in flight cannot cache it again;
 * - with Upstash configured, a new invalidation version is in Redis, so every other instance
 *   re-reads the key from the database on its next request (key-cache-version.ts).
 *
 * Both are imported statically, not registered by the modules that cache: a server action may
 * run in a process (or a bundle) where no API route was ever loaded, and must still tell the
 * instances that did.
 */
export async function invalidateApiKey(hash: string): Promise<void> {
  forgetCachedKey(hash);
  await publishKeyVersion(hash);
}
