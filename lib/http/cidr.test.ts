import { describe, expect, it } from "vitest";
import { compileAllowList, MAX_ALLOWED_ADDRESSES, parseAllowedAddress, parseAllowList } from "./cidr";

const entry = (text: string) => {
  const result = parseAllowedAddress(text);
  return result.ok ? result.entry : `error: ${result.error}`;
};
const allows = (entries: string[], address: string) => compileAllowList(entries).allows(address);

describe("parsing an allowed address", () => {
  it("accepts IPv4 addresses and ranges, in canonical form", () => {
    expect(entry("203.0.113.9")).toBe("203.0.113.9");
    expect(entry(" 203.0.113.9/32 ")).toBe("203.0.113.9");
    expect(entry("203.0.113.0/24")).toBe("203.0.113.0/24");
    expect(entry("10.0.0.0/8")).toBe("10.0.0.0/8");
    expect(entry("0.0.0.0/1")).toBe("0.0.0.0/1");
  });

  it("accepts IPv6 addresses and ranges, written the RFC 5952 way", () => {
    expect(entry("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(entry("2001:db8::/32")).toBe("2001:db8::/32");
    expect(entry("2001:0db8:0000:0000:0001:0000:0000:0000/80")).toBe("2001:db8:0:0:1::/80");
    expect(entry("::1")).toBe("::1");
    expect(entry("fe80::/10")).toBe("fe80::/10");
    expect(entry("1:2:3:4:5:6:7::")).toBe("1:2:3:4:5:6:7:0");
  });

  it("treats IPv4-mapped IPv6 entries as the IPv4 address they carry", () => {
    expect(entry("::ffff:192.0.2.1")).toBe("192.0.2.1");
    expect(entry("::ffff:c000:0201")).toBe("192.0.2.1");
    expect(entry("::ffff:192.0.2.0/120")).toBe("192.0.2.0/24");
  });

  it("refuses typos with a message that names the entry, never widening the range", () => {
    const bad = [
      ["203.0.113", "not a valid IPv4 address"],
      ["203.0.113.256", "not a valid IPv4 address"],
      ["203.0.113.09", "without leading zeros"],
      ["203.0.113.9.1", "not a valid IPv4 address"],
      ["203,0,113,9", "not a valid IPv4 address"],
      ["localhost", "not a valid IPv4 address"],
      ["*", "not a valid IPv4 address"],
      ["2001:db8:::1", "not a valid IPv6 address"],
      ["2001:db8::1::2", "not a valid IPv6 address"],
      ["2001:db8:1:2:3:4:5:6:7", "not a valid IPv6 address"],
      ["12345::1", "not a valid IPv6 address"],
      ["fe80::1%eth0", "zone ids"],
      ["203.0.113.0/33", "from 1 to 32"],
      ["203.0.113.0/", "from 1 to 32"],
      ["203.0.113.0/24/8", "from 1 to 32"],
      ["203.0.113.0/024", "from 1 to 32"],
      ["2001:db8::/129", "from 1 to 128"],
      ["0.0.0.0/0", "would allow every address"],
      ["::/0", "would allow every address"],
      ["", "Enter an address"],
    ] as const;
    for (const [text, message] of bad) {
      const result = parseAllowedAddress(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) {
        expect(result.error, text).toContain(message);
        if (text) expect(result.error, text).toContain(text.trim());
      }
    }
  });

  it("refuses a range with host bits set, suggesting the network", () => {
    const result = parseAllowedAddress("192.0.2.5/24");
    expect(result).toEqual({
      ok: false,
      error:
        "“192.0.2.5/24” has bits set after the /24 prefix: did you mean 192.0.2.0/24, or a single address without “/”?",
    });
    expect(entry("2001:db8::1/64")).toContain("did you mean 2001:db8::/64");
  });
});

describe("parsing a list", () => {
  it("reads one entry per line, skipping blank lines and merging duplicates", () => {
    expect(parseAllowList("203.0.113.9\n\n  2001:db8::/32\r\n203.0.113.9/32\n")).toEqual({
      ok: true,
      entries: ["203.0.113.9", "2001:db8::/32"],
    });
    expect(parseAllowList("   \n")).toEqual({ ok: true, entries: [] });
  });

  it("reports the first bad line and how many more there are; nothing is kept", () => {
    const result = parseAllowList("203.0.113.9\n203.0.113.300\n10.0.0.0/40\nnope");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^Line 2: “203\.0\.113\.300” is not a valid IPv4 address.* \(and 2 more lines\)$/);
    expect(result.errors.map((error) => error.line)).toEqual([2, 3, 4]);
  });

  it(`allows at most ${MAX_ALLOWED_ADDRESSES} entries`, () => {
    const lines = (count: number) => Array.from({ length: count }, (_, i) => `192.0.2.${i + 1}`).join("\n");
    expect(parseAllowList(lines(MAX_ALLOWED_ADDRESSES)).ok).toBe(true);
    const over = parseAllowList(lines(MAX_ALLOWED_ADDRESSES + 1));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.error).toContain(`at most ${MAX_ALLOWED_ADDRESSES}`);
  });
});

describe("matching a client address", () => {
  it("allows everything when the list is empty", () => {
    expect(compileAllowList([]).size).toBe(0);
    expect(allows([], "203.0.113.9")).toBe(true);
    expect(allows([], "unknown")).toBe(true);
  });

  it("matches single IPv4 addresses and ranges at their edges", () => {
    expect(allows(["203.0.113.9"], "203.0.113.9")).toBe(true);
    expect(allows(["203.0.113.9"], "203.0.113.10")).toBe(false);
    const range = ["198.51.100.0/22"];
    expect(allows(range, "198.51.100.0")).toBe(true);
    expect(allows(range, "198.51.103.255")).toBe(true);
    expect(allows(range, "198.51.104.0")).toBe(false);
    expect(allows(range, "198.51.99.255")).toBe(false);
    expect(allows(["128.0.0.0/1"], "255.255.255.255")).toBe(true);
    expect(allows(["128.0.0.0/1"], "127.255.255.255")).toBe(false);
  });

  it("matches IPv6 addresses and ranges, in any spelling of the client's address", () => {
    expect(allows(["2001:db8::1"], "2001:db8::1")).toBe(true);
    expect(allows(["2001:db8::1"], "2001:0DB8:0:0:0:0:0:1")).toBe(true);
    expect(allows(["2001:db8::1"], "2001:db8::2")).toBe(false);
    const range = ["2001:db8:abcd::/48"];
    expect(allows(range, "2001:db8:abcd:ffff:ffff:ffff:ffff:ffff")).toBe(true);
    expect(allows(range, "2001:db8:abce::")).toBe(false);
    expect(allows(["2001:db8::/33"], "2001:db8:7fff::1")).toBe(true);
    expect(allows(["2001:db8::/33"], "2001:db8:8000::1")).toBe(false);
  });

  it("matches IPv4-mapped client addresses against IPv4 entries, and never across families otherwise", () => {
    expect(allows(["192.0.2.0/24"], "::ffff:192.0.2.77")).toBe(true);
    expect(allows(["192.0.2.0/24"], "::ffff:c000:24d")).toBe(true);
    expect(allows(["192.0.2.0/24"], "::ffff:192.0.3.1")).toBe(false);
    expect(allows(["::ffff:192.0.2.1"], "192.0.2.1")).toBe(true);
    expect(allows(["::/1"], "10.0.0.1")).toBe(false);
    expect(allows(["10.0.0.0/8"], "a00::1")).toBe(false);
  });

  it("refuses an address it cannot read, and ignores a stored entry that no longer parses", () => {
    expect(allows(["203.0.113.9"], "unknown")).toBe(false);
    expect(allows(["203.0.113.9"], "")).toBe(false);
    expect(allows(["not an address", "0.0.0.0/0"], "203.0.113.9")).toBe(false);
    expect(compileAllowList(["not an address"]).size).toBe(1);
  });
});
