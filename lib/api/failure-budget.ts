import { mayBeKnownKeyHash } from "../api-keys/verification/known-hashes";
import { type ApiKeyVerification, type VerificationContext, verifyFromDatabase } from "../api-keys/verification/verify";
import { addressBucket } from "../http/ip-address";
import { type RateLimitResult, type RateLimitRule, rateLimiter } from "../rate-limit";

/**
 * Database lookups of keys that do not exist, allowed per client address (an IPv6 client by its
 * /64: lib/http/ip-address.ts, addressBucket) per minute. Guessing
 * a 160-bit key is hopeless anyway; this budget protects the database. Only such lookups are
 * charged: a missing or malformed key costs no lookup, and a revoked or expired key is a
 * failure of that key (answered from the cache of refusals), not of its address.
 */
export const UNKNOWN_KEYS_RULE: RateLimitRule = { prefix: "api:unknown-keys", requests: 30, windowSeconds: 60 };

export type BudgetedVerification = ApiKeyVerification | { status: "over_budget"; budget: RateLimitResult };

/**
 * Looks up a key the cache had no answer for (the caller asks `cachedVerification` first, without
 * an await), charging the address's budget for lookups that find nothing. The attempt is
 * reserved before the lookup and given back when the key exists, so parallel guesses cannot
 * overrun the budget. Past it, a hash gets its lookup only if it may belong to a key
 * (lib/api-keys/verification/known-hashes.ts): neighbours behind the same address keep working, guesses
 * cost nothing. See docs/architecture.md, "What a failure may cost".
 */
export async function lookUpWithinBudget(
  hash: string,
  clientAddress: () => string,
  context: VerificationContext,
): Promise<BudgetedVerification> {
  const bucket = addressBucket(clientAddress()); // only a lookup needs to know who asks
  const budget = rateLimiter(UNKNOWN_KEYS_RULE);
  const reserved = await budget.limit(bucket);
  if (!reserved.success) {
    if (!(await mayBeKnownKeyHash(hash))) return { status: "over_budget", budget: reserved };
    return verifyFromDatabase(hash, context);
  }
  const verification = await verifyFromDatabase(hash, context);
  if (verification.status !== "invalid" || verification.known) await budget.refund(bucket);
  return verification;
}
