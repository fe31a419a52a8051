import { describe, expect, it } from "vitest";
import { addressBucket, networkOf } from "./ip-address";

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

describe("the network an address is counted in (new-network alerts, key health)", () => {
  it("is the IPv4 /24 or the IPv6 /48", () => {
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("10.0.0.1")).toBe("10.0.0.0/24");
    expect(networkOf("255.255.255.255")).toBe("255.255.255.0/24");
    expect(networkOf("2001:db8:1:2:3::9")).toBe("2001:db8:1::/48");
    expect(networkOf("2001:DB8:ABCD:FFFF::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("::ffff:198.51.100.9")).toBe("198.51.100.0/24");
  });

  it("is none for what is not an address", () => {
    expect(networkOf("unknown")).toBeNull();
    expect(networkOf("")).toBeNull();
    expect(networkOf("999.1.1.1")).toBeNull();
  });
});
