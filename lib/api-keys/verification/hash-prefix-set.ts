/**
 * A set of 64-bit hash prefixes (the first 16 hex digits of a SHA-256 key hash), compact enough
 * to hold every key of a large deployment: a sorted BigUint64Array searched by bisection
 * (8 bytes per key, far less than a Set of strings: docs/benchmarks/, "Known key hashes"), plus a small
 * Set for prefixes added since (top-ups, keys created by this process), merged into the array
 * with one sort once it holds MERGE_AT of them.
 *
 * The array is built from the packed form the database sends (lib/api-keys/verification/known-hashes.ts): the
 * prefixes as big-endian 8-byte words, back to back.
 */
export const PREFIX_HEX_DIGITS = 16;
/** Added prefixes held apart before they are merged into the sorted array. */
export const MERGE_AT = 4_096;

const HEX_PREFIX = /^[0-9a-f]{16}/i;

/** The hash's first 64 bits, or null when it does not start with 16 hex digits (never a key's). */
export function hashPrefix(hash: string): bigint | null {
  return HEX_PREFIX.test(hash) ? BigInt(`0x${hash.slice(0, PREFIX_HEX_DIGITS)}`) : null;
}

/** Big-endian 8-byte words (any byte length that is a multiple of 8) → a sorted array. */
function sortedWords(packed: Uint8Array): BigUint64Array {
  const count = Math.floor(packed.byteLength / 8);
  // A copy of our own: aligned, and swapped to this machine's byte order without touching `packed`.
  const words = new BigUint64Array(count);
  const bytes = Buffer.from(words.buffer);
  bytes.set(packed.subarray(0, count * 8));
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) bytes.swap64(); // little-endian host
  return words.sort();
}

export class HashPrefixSet {
  private sorted: BigUint64Array;
  private readonly recent = new Set<bigint>();

  constructor(packed: Uint8Array = new Uint8Array()) {
    this.sorted = sortedWords(packed);
  }

  /** How many prefixes are held (a prefix added twice may count twice once merged). */
  get size(): number {
    return this.sorted.length + this.recent.size;
  }

  /** Bytes held by the sorted array (the Set of recent prefixes is at most MERGE_AT entries). */
  get sortedBytes(): number {
    return this.sorted.byteLength;
  }

  has(hash: string): boolean {
    const prefix = hashPrefix(hash);
    return prefix !== null && this.hasPrefix(prefix);
  }

  add(hash: string): void {
    const prefix = hashPrefix(hash);
    if (prefix !== null) this.addPrefix(prefix);
  }

  /** Adds packed big-endian words (a top-up from the database). */
  addPacked(packed: Uint8Array): void {
    for (let offset = 0; offset + 8 <= packed.byteLength; offset += 8) {
      this.addPrefix(Buffer.from(packed.buffer, packed.byteOffset + offset, 8).readBigUInt64BE(0));
    }
  }

  private hasPrefix(prefix: bigint): boolean {
    if (this.recent.has(prefix)) return true;
    const sorted = this.sorted;
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle] < prefix) low = middle + 1;
      else high = middle;
    }
    return low < sorted.length && sorted[low] === prefix;
  }

  private addPrefix(prefix: bigint): void {
    if (this.hasPrefix(prefix)) return;
    this.recent.add(prefix);
    if (this.recent.size >= MERGE_AT) this.merge();
  }

  private merge(): void {
    const merged = new BigUint64Array(this.sorted.length + this.recent.size);
    merged.set(this.sorted);
    let index = this.sorted.length;
    for (const prefix of this.recent) merged[index++] = prefix;
    this.sorted = merged.sort();
    this.recent.clear();
  }
}
