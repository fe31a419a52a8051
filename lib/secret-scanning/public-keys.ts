import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { z } from "zod";
import { componentLogger, errorReason } from "../log";

/**
 * The public keys GitHub signs secret-scanning alerts with, from SECRET_SCANNING_KEYS_URL
 * (`{ "public_keys": [{ "key_identifier", "key", "is_current" }] }`), cached by identifier. An
 * identifier we do not know triggers a refetch — at most once a minute, so a stream of made-up
 * identifiers costs one request a minute, not one per alert. Every listed key verifies, current
 * or not: GitHub lists the key it is rotating away from until its alerts are delivered.
 */
export const REFETCH_INTERVAL_MS = 60_000;
const FETCH_TIMEOUT_MS = 5_000;

const keyListSchema = z.object({
  public_keys: z.array(
    z.object({ key_identifier: z.string().min(1), key: z.string().min(1), is_current: z.boolean() }),
  ),
});

/** "unreachable": the list could not be fetched (→ 503: GitHub retries); "unknown": fetched, no such key. */
export type KeyLookup = { key: KeyObject } | { error: "unknown" | "unreachable" };

export interface PublicKeyCache {
  lookup(identifier: string): Promise<KeyLookup>;
  /** Fetches made so far (tests). */
  readonly fetches: number;
}

export function createPublicKeyCache(url: string, now: () => number = Date.now): PublicKeyCache {
  const keys = new Map<string, KeyObject>();
  let lastAttempt = Number.NEGATIVE_INFINITY;
  let lastFailed = false;
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
      keys.clear();
      for (const entry of list.public_keys) {
        try {
          const key = createPublicKey(entry.key);
          // Only what GitHub documents: ECDSA on P-256.
          if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
            throw new Error("not a P-256 key");
          }
          keys.set(entry.key_identifier, key);
        } catch {
          componentLogger("secret-scanning").warn({ keyIdentifier: entry.key_identifier }, "unreadable public key");
        }
      }
      lastFailed = false;
    } catch (error) {
      lastFailed = true;
      componentLogger("secret-scanning").error({ url, reason: errorReason(error) }, "public key list unreachable");
    }
  }

  return {
    get fetches() {
      return fetches;
    },
    async lookup(identifier) {
      const cached = keys.get(identifier);
      if (cached) return { key: cached };
      if (now() - lastAttempt >= REFETCH_INTERVAL_MS) {
        inFlight ??= refresh().finally(() => {
          inFlight = null;
        });
      }
      if (inFlight) await inFlight;
      const key = keys.get(identifier);
      if (key) return { key };
      return { error: lastFailed ? "unreachable" : "unknown" };
    },
  };
}

/** ECDSA P-256 / SHA-256 over the raw body; the signature is base64 DER. Never throws. */
export function verifySignature(body: Uint8Array, signatureBase64: string, key: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureBase64)) return false;
  try {
    return verify("sha256", body, { key, dsaEncoding: "der" }, Buffer.from(signatureBase64, "base64"));
  } catch {
    return false;
  }
}
