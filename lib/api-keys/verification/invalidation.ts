import { forgetCachedKey } from "./key-cache";
import { publishKeyVersion } from "./key-cache-version";

/**
 * Called by every change that can stop a key or change what the API reports about it (revoke,
 * roll, rename, expiry), after its transaction commits and before it reports success: this
 * process forgets the key and every other instance is told to (key-cache-version.ts).
 */
export async function invalidateApiKey(hash: string): Promise<void> {
  forgetCachedKey(hash);
  await publishKeyVersion(hash);
}
