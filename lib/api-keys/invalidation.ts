import { processSingleton } from "../process-singleton";

/**
 * Every change that can make a key stop working (revoke; later roll and expiry changes) calls
 * invalidateApiKey(hash) and awaits it before it reports success. Anything that remembers
 * verified keys must forget the key here, so revocation is immediate.
 */
type InvalidationListener = (hash: string) => Promise<void> | void;

// Per process, not per bundle: a revoke in a server action must reach what a route remembers.
const listeners = processSingleton("api-key-invalidation-listeners", () => new Set<InvalidationListener>());

export function onApiKeyInvalidated(listener: InvalidationListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function invalidateApiKey(hash: string): Promise<void> {
  await Promise.all([...listeners].map((listener) => listener(hash)));
}
