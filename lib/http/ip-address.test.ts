import { describe, expect, it } from "vitest";
import { addressBucket } from "./ip-address";

describe("the bucket an address-keyed limit counts", () => {
  it("is an IPv6 address's /64: every address of one subscriber's prefix shares it", () => {
    const buckets = new Set(
      Array.from({ length: 40 }, (_, i) => addressBucket(`2001:db8:12:34:${i.toString(16)}:abcd:${i}:1`)),
    );
    expect([...buckets]).toEqual(["2001:db8:12:34::/64"]);
    expect(addressBucket("2001:db8:12:35::1")).toBe("2001:db8:12:35::/64");
    expect(addressBucket("2001:DB8:0:0:ffff::1")).toBe("2001:db8::/64");
    expect(addressBucket("::1")).toBe("::/64");
  });

  it("is an IPv4 address itself, IPv4-mapped IPv6 included; anything else is its own bucket", () => {
    expect(addressBucket("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("203.0.113.10")).toBe("203.0.113.10");
    expect(addressBucket("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(addressBucket("::ffff:cb00:7109")).toBe("203.0.113.9");
    expect(addressBucket("unknown")).toBe("unknown");
  });
});
