import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { z } from "zod";
import { componentLogger, errorReason } from "../log";

/**
 * The public keys GitHub signs secret-scanning alerts with, from SECRET_SCANNING_KEYS_URL
 * (`{ "public_keys": [{ "key_identifier", "key", "is_current" }] }`), cached by identifier.
 * Every listed key verifies, current or not: GitHub lists the key it is rotating away from until
 * its alerts are delivered.
 *
 * The list is trusted for at most KEY_LIST_MAX_AGE_MS: the first lookup after that fetches it
 * again and the new list REPLACES the old one, so a key GitHub withdraws stops verifying within a
 * day. A refresh that fails keeps the old list (logged) until it is KEY_LIST_STALE_LIMIT_MS old,
 * retrying at most once per REFETCH_INTERVAL_MS; past that nothing verifies (503: GitHub retries).
 *
 * An identifier we do not know triggers a refetch only if it has the shape of GitHub's (a hex
 * SHA-256), and at most once per REFETCH_INTERVAL_MS, so a stream of made-up identifiers costs
 * one request a minute. One that arrives while the refetch is throttled answers "throttled"
 * (503 with Retry-After): it may be a key GitHub published after our last fetch, and GitHub
 * retries a 503 but not a 401.
 */
export const REFETCH_INTERVAL_MS = 60_000;
export const KEY_LIST_MAX_AGE_MS = 24 * 3_600_000;
export const KEY_LIST_STALE_LIMIT_MS = 2 * KEY_LIST_MAX_AGE_MS;
const FETCH_TIMEOUT_MS = 5_000;

/** GitHub's key identifiers: the hex SHA-256 of the key (64 digits). */
const IDENTIFIER = /^[0-9a-f]{64}$/;

export function isWellFormedKeyIdentifier(identifier: string): boolean {
  return IDENTIFIER.test(identifier);
}

const keyListSchema = z.object({
  public_keys: z.array(
    z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean() }),
  ),
});

/**
 * "unreachable": no usable list (never fetched, or too old and the refresh failed) → 503;
 * "throttled": not in the list, and refetching it again now is not allowed yet → 503 with
 * Retry-After; "unknown": a list fetched for this lookup (or a malformed identifier) has no such key → 401.
 */
export type KeyLookup =
  | { key: KeyObject }
  | { error: "unknown" | "unreachable" }
  | { error: "throttled"; retryAfterMs: number };

export interface PublicKeyCache {
  lookup(identifier: string): Promise<KeyLookup>;
  /** Fetches made so far (tests). */
  readonly fetches: number;
}

export function createPublicKeyCache(url: string, now: () => number = Date.now): PublicKeyCache {
  const log = componentLogger("secret-scanning");
  let keys = new Map<string, KeyObject>();
  /** When the list in `keys` was fetched; -∞ before the first success. */
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | null = null;
  let fetches = 0;

  async function refresh(): Promise<void> {
    lastAttempt = now();
    fetches++;
    try {
      const response = await fetch(url, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const list = keyListSchema.parse(await response.json());
      // A new map, swapped in whole: a key missing from the new list is withdrawn.
      const next = new Map<string, KeyObject>();
      for (const entry of list.public_keys) {
        try {
          const key = createPublicKey(entry.key);
          // Only what GitHub documents: ECDSA on P-256.
          if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
            throw new Error("not a P-256 key");
          }
          next.set(entry.key_identifier, key);
        } catch {
          log.warn({ keyIdentifier: entry.key_identifier.slice(0, 100) }, "unreadable public key");
        }
      }
      keys = next;
      fetchedAt = now();
    } catch (error) {
      const age = fetchedAt === Number.NEGATIVE_INFINITY ? null : Math.round((now() - fetchedAt) / 1000);
      log.error(
        {
          url,
          reason: errorReason(error),
          listAgeSeconds: age,
          keptUntil: age === null ? null : new Date(fetchedAt + KEY_LIST_STALE_LIMIT_MS).toISOString(),
        },
        age === null
          ? "public key list unreachable"
          : "public key list unreachable; the last list is used until it is too old",
      );
    }
  }

  const throttledFor = () => lastAttempt + REFETCH_INTERVAL_MS - now();

  /** Refetches unless one was attempted within REFETCH_INTERVAL_MS; concurrent callers share it. */
  async function refreshIfAllowed(): Promise<boolean> {
    if (!inFlight && throttledFor() > 0) return false;
    inFlight ??= refresh().finally(() => {
      inFlight = null;
    });
    await inFlight;
    return true;
  }

  /** The list, if it may still be used at all. */
  const usable = () => now() - fetchedAt < KEY_LIST_STALE_LIMIT_MS;

  return {
    get fetches() {
      return fetches;
    },
    async lookup(identifier) {
      let fetchedNow = now() - fetchedAt >= KEY_LIST_MAX_AGE_MS && (await refreshIfAllowed());
      if (!usable()) return { error: "unreachable" };
      const cached = keys.get(identifier);
      if (cached) return { key: cached };
      if (!isWellFormedKeyIdentifier(identifier)) return { error: "unknown" };
      fetchedNow ||= await refreshIfAllowed();
      if (!usable()) return { error: "unreachable" };
      const key = keys.get(identifier);
      if (key) return { key };
      if (!fetchedNow) return { error: "throttled", retryAfterMs: Math.max(1_000, throttledFor()) };
      // Fetched for this lookup: a failed fetch is "unreachable", a list without it "unknown".
      return { error: lastAttempt > fetchedAt ? "unreachable" : "unknown" };
    },
  };
}

/** ECDSA P-256 / SHA-256 over the raw body; the signature is base64 DER. Never throws. */
export function verifySignature(body: Uint8Array, signatureBase64: string, key: KeyObject): boolean {
  if (!isWellFormedSignature(signatureBase64)) return false;
  try {
    return verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}

/**
 * Base64 of a DER ECDSA P-256 signature: a SEQUENCE of two INTEGERs of at most 33 bytes, so at
 * most 72 bytes (96 base64 characters); 8 bytes at the very least.
 */
export function isWellFormedSignature(signatureBase64: string): boolean {
  return (
    signatureBase64.length >= 12 &&
    signatureBase64.length <= 96 &&
    signatureBase64.length % 4 === 0 &&
    /^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)
  );
}
