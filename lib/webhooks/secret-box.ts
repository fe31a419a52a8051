import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Webhook signing secrets at rest. Unlike API keys (stored as hashes), a signing secret must be
 * read back to sign, so it is encrypted: AES-256-GCM with WEBHOOK_ENCRYPTION_KEY, a random
 * 12-byte nonce per value, and the endpoint's id as associated data (a ciphertext copied to
 * another endpoint's row does not decrypt). Stored as "v1." + base64url(nonce | ciphertext | tag);
 * the version leaves room for another scheme or a key rotation later.
 */
const VERSION = "v1";

/**
 * Without WEBHOOK_ENCRYPTION_KEY (development, tests, GLYPHIC_DEMO=1) secrets are encrypted with
 * this well-known key: it protects nothing, which is why production refuses to store or use a
 * secret without a real key (lib/webhooks/config.ts).
 */
export const DEVELOPMENT_KEY = createHash("sha256").update("glyphic development webhook key: not a secret").digest();

export function seal(key: Buffer, plaintext: string, associatedData: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return `${VERSION}.${Buffer.concat([nonce, ciphertext, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The plaintext, or an error that names no part of the value (a wrong key, a tampered row). */
export function open(key: Buffer, sealed: string, associatedData: string): string {
  const [version, data] = sealed.split(".", 2);
  if (version !== VERSION || !data) throw new Error("webhook secret: unknown storage format");
  const bytes = Buffer.from(data, "base64url");
  if (bytes.length < 12 + 16) throw new Error("webhook secret: stored value is too short");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(associatedData, "utf8"));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("webhook secret: cannot be decrypted with WEBHOOK_ENCRYPTION_KEY (was the key changed?)");
  }
}
