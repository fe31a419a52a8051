import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * API key format: `glyk_` + 32 random base62 characters + 6 base62 characters of CRC32.
 *
 * - The fixed prefix lets secret scanners find leaked keys (as GitHub's `ghp_` does).
 * - 32 base62 characters from the CSPRNG carry 32 × log2(62) ≈ 190 bits.
 * - The checksum lets a typo or a random string be rejected before any database or Redis work.
 *   It is not a secret and adds no strength: it only makes garbage cheap to refuse.
 */
export const KEY_PREFIX = "glyk_";
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;
export const KEY_LENGTH = KEY_PREFIX.length + RANDOM_LENGTH + CHECKSUM_LENGTH;
/** Characters shown in the table: the prefix and the first 4 random characters. */
export const DISPLAY_PREFIX_LENGTH = KEY_PREFIX.length + 4;

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const KEY_SHAPE = new RegExp(`^${KEY_PREFIX}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}$`);

function randomBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 248 = 62 × 4: rejecting bytes ≥ 248 keeps every character equally likely.
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

function checksum(body: string): string {
  let value = crc32(body);
  let out = "";
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export function displayPrefix(key: string): string {
  return key.slice(0, DISPLAY_PREFIX_LENGTH);
}

/** What the table shows: the stored display prefix followed by asterisks, never more. */
export function maskedKey(prefix: string): string {
  return `${prefix}${"*".repeat(KEY_LENGTH - prefix.length)}`;
}

export interface GeneratedKey {
  key: string;
  hash: string;
  prefix: string;
}

export function generateApiKey(): GeneratedKey {
  const body = KEY_PREFIX + randomBase62(RANDOM_LENGTH);
  const key = body + checksum(body);
  return { key, hash: hashApiKey(key), prefix: displayPrefix(key) };
}

/** True when the value has the key's exact shape and a matching checksum. No I/O. */
export function isWellFormedApiKey(value: string): boolean {
  if (value.length !== KEY_LENGTH || !KEY_SHAPE.test(value)) return false;
  const body = value.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === value.slice(-CHECKSUM_LENGTH);
}
