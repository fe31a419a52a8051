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

import { formatIPv4, formatIPv6, isMappedIPv4, parseAddress, parseIPv4, parseIPv6, wordMask } from "./ip-address";

export const MAX_ALLOWED_ADDRESSES = 50;

/** IPv4: one 32-bit word. IPv6: four, most significant first. */
interface Range {
  family: 4 | 6;
  words: number[];
  prefix: number;
}

export type EntryResult = { ok: true; entry: string; range: Range } | { ok: false; error: string };

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
