/**
 * IP address text to numbers and back, strictly: IPv4 as one 32-bit word, IPv6 as four (most
 * significant first). The allow-lists (cidr.ts) build their ranges on it.
 */

const IPV4_PART = /^(0|[1-9]\d{0,2})$/;

export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!IPV4_PART.test(part)) return null;
    const byte = Number(part);
    if (byte > 255) return null;
    value = value * 256 + byte;
  }
  return value >>> 0;
}

/** Four 32-bit words, or null. Accepts "::" compression and a dotted IPv4 tail. */
export function parseIPv6(text: string): number[] | null {
  if (text.length < 2 || text.length > 45 || !/^[0-9a-f:.]+$/.test(text)) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (half: string): number[] | null => {
    if (half === "") return [];
    const out: number[] = [];
    const pieces = half.split(":");
    for (let index = 0; index < pieces.length; index++) {
      const piece = pieces[index];
      if (piece.includes(".")) {
        // Only the very last piece may be an IPv4 tail.
        if (index !== pieces.length - 1) return null;
        const v4 = parseIPv4(piece);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-f]{1,4}$/.test(piece)) return null;
        out.push(Number.parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (head === null || tail === null) return null;
  // An IPv4 tail is only allowed at the very end of the address.
  if (halves.length === 2 && halves[0].includes(".")) return null;
  let all: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    all = [...head, ...Array(missing).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    all = head;
  }
  return [0, 2, 4, 6].map((index) => ((all[index] << 16) | all[index + 1]) >>> 0);
}

export function isMappedIPv4(words: number[]): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

/** The client's address as a range of one, or null when it is not an IP address ("unknown"). */
export function parseAddress(text: string): { family: 4 | 6; words: number[] } | null {
  if (text.includes(":")) {
    const words = parseIPv6(text.toLowerCase());
    if (words === null) return null;
    return isMappedIPv4(words) ? { family: 4, words: [words[3]] } : { family: 6, words };
  }
  const v4 = parseIPv4(text);
  return v4 === null ? null : { family: 4, words: [v4] };
}

/** Mask of the top `bits` bits of a 32-bit word (0 ≤ bits ≤ 32). */
function mask(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

export function wordMask(prefix: number, index: number): number {
  return mask(prefix - index * 32);
}

export function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
export function formatIPv6(words: number[]): string {
  const groups = words.flatMap((word) => [word >>> 16, word & 0xffff]);
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLength).join(":")}`;
}

/**
 * What every address-keyed limit counts (sign-in throttles, the API's failure budget): an IPv4
 * address as it is, an IPv6 address by its /64. One IPv6 subscriber — a home line, a cloud VM —
 * is routinely given a whole /64 (2^64 addresses) and may use any of them, so counting per
 * IPv6 address let a single client rotate past every limit. IPv4-mapped IPv6 is IPv4. Anything
 * that is not an address ("unknown") is its own bucket. Logs, recorded requests and allow-lists
 * keep the full address; only limits share the bucket.
 */
export function addressBucket(address: string): string {
  const parsed = parseAddress(address);
  if (parsed === null) return address;
  if (parsed.family === 4) return formatIPv4(parsed.words[0]);
  return `${formatIPv6([parsed.words[0], parsed.words[1], 0, 0])}/64`;
}

/**
 * The network an address belongs to, as the new-network alert and key health count them: an
 * IPv4 /24 ("203.0.113.0/24"), an IPv6 /48 ("2001:db8:1::/48", a site's usual allocation; an
 * IPv4-mapped address is IPv4). Null for anything that is not an address ("unknown").
 */
export function networkOf(address: string): string | null {
  const parsed = parseAddress(address);
  if (parsed === null) return null;
  if (parsed.family === 4) return `${formatIPv4((parsed.words[0] & 0xffffff00) >>> 0)}/24`;
  return `${formatIPv6([parsed.words[0], (parsed.words[1] & 0xffff0000) >>> 0, 0, 0])}/48`;
}
