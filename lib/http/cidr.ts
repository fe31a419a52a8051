/**
 * Allowed addresses of an API key: single IPv4/IPv6 addresses and CIDR ranges. Parsing is strict
 * (no octal-looking "010", no host bits after the prefix, no /0, no zone ids) so that a typo is
 * an error the admin sees, never a range that silently allows more than was meant. IPv4-mapped
 * IPv6 (::ffff:a.b.c.d) is treated as the IPv4 address it carries, both in entries and in the
 * client's address.
 *
 * A list is compiled once (when the key is verified and cached); a request then costs parsing its
 * own address and a few integer comparisons per entry.
 */

export const MAX_ALLOWED_ADDRESSES = 50;

/** IPv4: one 32-bit word. IPv6: four, most significant first. */
interface Range {
  family: 4 | 6;
  words: number[];
  prefix: number;
}

export type EntryResult = { ok: true; entry: string; range: Range } | { ok: false; error: string };

const IPV4_PART = /^(0|[1-9]\d{0,2})$/;

function parseIPv4(text: string): number | null {
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
function parseIPv6(text: string): number[] | null {
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

function isMappedIPv4(words: number[]): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff;
}

/** The client's address as a range of one, or null when it is not an IP address ("unknown"). */
function parseAddress(text: string): { family: 4 | 6; words: number[] } | null {
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

function wordMask(prefix: number, index: number): number {
  return mask(prefix - index * 32);
}

function formatIPv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** RFC 5952: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
function formatIPv6(words: number[]): string {
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

function format(range: Range): string {
  const address = range.family === 4 ? formatIPv4(range.words[0]) : formatIPv6(range.words);
  const full = range.family === 4 ? 32 : 128;
  return range.prefix === full ? address : `${address}/${range.prefix}`;
}

/** One line of the list: an address or a CIDR range, checked strictly; the canonical text on success. */
export function parseAllowedAddress(raw: string): EntryResult {
  const text = raw.trim();
  if (text === "") return { ok: false, error: "Enter an address or a range." };
  if (text.includes("%")) return { ok: false, error: `“${text}”: zone ids (%…) are not allowed.` };
  const slash = text.indexOf("/");
  const addressText = (slash === -1 ? text : text.slice(0, slash)).toLowerCase();
  const prefixText = slash === -1 ? null : text.slice(slash + 1);
  const isV6 = addressText.includes(":");
  let family: 4 | 6 = isV6 ? 6 : 4;
  let words: number[] | null = null;
  if (isV6) words = parseIPv6(addressText);
  else {
    const v4 = parseIPv4(addressText);
    words = v4 === null ? null : [v4];
  }
  if (words === null) {
    const kind = isV6 ? "IPv6" : "IPv4";
    const hint = isV6
      ? "e.g. 2001:db8::1 or 2001:db8::/32"
      : "four numbers from 0 to 255 without leading zeros, e.g. 203.0.113.9 or 203.0.113.0/24";
    return { ok: false, error: `“${text}” is not a valid ${kind} address: use ${hint}.` };
  }
  const full = family === 4 ? 32 : 128;
  let prefix = full;
  if (prefixText !== null) {
    if (!/^(0|[1-9]\d{0,2})$/.test(prefixText) || Number(prefixText) > full) {
      return { ok: false, error: `“${text}”: the prefix length after “/” must be a number from 1 to ${full}.` };
    }
    prefix = Number(prefixText);
  }
  // ::ffff:a.b.c.d/120 is the IPv4 range a.b.c.d/24: store and match it as IPv4.
  if (family === 6 && isMappedIPv4(words) && prefix >= 96) {
    family = 4;
    words = [words[3]];
    prefix -= 96;
  }
  if (prefix === 0) {
    return {
      ok: false,
      error: `“${text}” would allow every address. Leave the list empty to allow requests from anywhere.`,
    };
  }
  const network = words.map((word, index) => (word & wordMask(prefix, index)) >>> 0);
  if (network.some((word, index) => word !== words[index])) {
    const suggestion = format({ family, words: network, prefix });
    return {
      ok: false,
      error: `“${text}” has bits set after the /${prefix} prefix: did you mean ${suggestion}, or a single address without “/”?`,
    };
  }
  const range: Range = { family, words: network, prefix };
  return { ok: true, entry: format(range), range };
}

export type AllowListResult =
  | { ok: true; entries: string[] }
  | { ok: false; error: string; errors: { line: number; error: string }[] };

/**
 * What an admin typed (one entry per line; blank lines ignored, duplicates merged) → canonical
 * entries, or every line's error. At most MAX_ALLOWED_ADDRESSES entries.
 */
export function parseAllowList(text: string): AllowListResult {
  const errors: { line: number; error: string }[] = [];
  const entries: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    const result = parseAllowedAddress(line);
    if (!result.ok) errors.push({ line: index + 1, error: result.error });
    else if (!entries.includes(result.entry)) entries.push(result.entry);
  });
  if (errors.length > 0) {
    const [first] = errors;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more line${errors.length > 2 ? "s" : ""})` : "";
    return { ok: false, error: `Line ${first.line}: ${first.error}${more}`, errors };
  }
  if (entries.length > MAX_ALLOWED_ADDRESSES) {
    const error = `Enter at most ${MAX_ALLOWED_ADDRESSES} addresses or ranges (this list has ${entries.length}); use a CIDR range to cover several.`;
    return { ok: false, error, errors: [] };
  }
  return { ok: true, entries };
}

/** A key's list, compiled once. Empty → allows every address. */
export interface AllowList {
  readonly size: number;
  allows(address: string): boolean;
}

interface CompiledRange {
  words: number[];
  masks: number[];
}

const ALLOW_ALL: AllowList = { size: 0, allows: () => true };

/**
 * Compiles stored entries (validated when saved). An entry that no longer parses matches
 * nothing, so a bad row narrows the list instead of opening it.
 */
export function compileAllowList(entries: readonly string[]): AllowList {
  if (entries.length === 0) return ALLOW_ALL;
  // Masks are worked out here, once, so a request only ANDs and compares.
  const v4: CompiledRange[] = [];
  const v6: CompiledRange[] = [];
  for (const entry of entries) {
    const parsed = parseAllowedAddress(entry);
    if (!parsed.ok) continue;
    const { range } = parsed;
    const compiled = { words: range.words, masks: range.words.map((_, index) => wordMask(range.prefix, index)) };
    (range.family === 4 ? v4 : v6).push(compiled);
  }
  return {
    size: entries.length,
    allows(address: string): boolean {
      const parsed = parseAddress(address);
      if (parsed === null) return false; // "unknown": a list is a promise to refuse the rest
      const ranges = parsed.family === 4 ? v4 : v6;
      for (const range of ranges) {
        let inside = true;
        for (let index = 0; index < range.words.length; index++) {
          if ((parsed.words[index] & range.masks[index]) >>> 0 !== range.words[index]) {
            inside = false;
            break;
          }
        }
        if (inside) return true;
      }
      return false;
    },
  };
}
