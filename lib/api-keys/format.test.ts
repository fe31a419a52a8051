import { describe, expect, it } from "vitest";
import {
  displayPrefix,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  KEY_LENGTH,
  KEY_PREFIX,
  maskedKey,
} from "./format";

describe("API key format", () => {
  it("generates prefixed keys of fixed length that pass their own checksum", () => {
    const { key, hash, prefix } = generateApiKey();
    expect(key.startsWith(KEY_PREFIX)).toBe(true);
    expect(key).toHaveLength(KEY_LENGTH);
    expect(isWellFormedApiKey(key)).toBe(true);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(prefix).toBe(displayPrefix(key));
    expect(key.startsWith(prefix)).toBe(true);
  });

  it("never repeats a key and spreads characters evenly", () => {
    const keys = new Set(Array.from({ length: 2000 }, () => generateApiKey().key));
    expect(keys.size).toBe(2000);
    const counts = new Map<string, number>();
    for (const key of keys)
      for (const char of key.slice(KEY_PREFIX.length, -6)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(62);
    const expected = (2000 * 32) / 62;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.2);
  });

  it("rejects truncated, padded, tampered and foreign values without a lookup", () => {
    const { key } = generateApiKey();
    const flip = (index: number) => key.slice(0, index) + (key[index] === "a" ? "b" : "a") + key.slice(index + 1);
    const bad = [
      "",
      key.slice(0, -1),
      `${key}x`,
      ` ${key}`,
      `${key} `,
      flip(KEY_PREFIX.length + 3),
      flip(KEY_LENGTH - 1),
      key.replace(KEY_PREFIX, "glyx_"),
      key.toUpperCase(),
      `${KEY_PREFIX}${"é".repeat(38)}`,
      "x".repeat(8192),
      "' OR 1=1 --",
    ];
    for (const value of bad) expect(isWellFormedApiKey(value), JSON.stringify(value.slice(0, 50))).toBe(false);
  });

  it("masks everything after the display prefix", () => {
    const { key, prefix } = generateApiKey();
    const masked = maskedKey(prefix);
    expect(masked).toHaveLength(KEY_LENGTH);
    expect(masked.startsWith(prefix)).toBe(true);
    expect(masked.slice(prefix.length)).toMatch(/^\*+$/);
    expect(masked).not.toContain(key.slice(prefix.length, prefix.length + 4));
  });
});
