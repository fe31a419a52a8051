import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, normalizeAddress } from "./client-address";
import { CONNECTION_ADDRESS_HEADER, installConnectionAddressStamp } from "./connection-address";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("the client address", () => {
  it("is the entry our own proxy appended: the right-most with one trusted hop (the default)", () => {
    expect(clientAddress(xff("203.0.113.9"))).toBe("203.0.113.9");
    expect(clientAddress(xff("1.1.1.1, 10.0.0.2 , 198.51.100.7"))).toBe("198.51.100.7");
  });

  it("cannot be chosen by the client: rotating what it writes on the left changes nothing", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) seen.add(clientAddress(xff(`192.0.2.${i}, 10.${i}.0.1, 198.51.100.7`)));
    expect([...seen]).toEqual(["198.51.100.7"]);
  });

  it("skips the hops of trusted proxies, and falls back to the left-most when a hop is missing", () => {
    expect(clientAddress(xff("9.9.9.9, 203.0.113.5, 10.0.0.1"), 2)).toBe("203.0.113.5");
    expect(clientAddress(xff("9.9.9.9, 203.0.113.5, 10.0.0.1"), 3)).toBe("9.9.9.9");
    expect(clientAddress(xff("203.0.113.5"), 2)).toBe("203.0.113.5");
  });

  it("reads next-auth's plain header objects, including repeated headers", () => {
    expect(clientAddress({ "x-forwarded-for": "192.0.2.1, 198.51.100.3" })).toBe("198.51.100.3");
    expect(clientAddress({ "x-forwarded-for": ["192.0.2.1", "198.51.100.4"] })).toBe("198.51.100.4");
    expect(clientAddress({})).toBe("unknown");
    expect(clientAddress(undefined)).toBe("unknown");
  });

  it("ignores other headers a client could write, and anything that is not an address", () => {
    expect(clientAddress(new Headers({ "x-real-ip": "198.51.100.8" }))).toBe("unknown");
    expect(clientAddress(xff("203.0.113.9, not-an-ip"))).toBe("unknown");
    expect(clientAddress(xff(`203.0.113.9, ${"9".repeat(5000)}`))).toBe("unknown");
  });

  it("normalizes ports, brackets, case and IPv4-mapped IPv6", () => {
    expect(normalizeAddress("203.0.113.9:52100")).toBe("203.0.113.9");
    expect(normalizeAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:198.51.100.2")).toBe("198.51.100.2");
    expect(normalizeAddress("2001:db8::1")).toBe("2001:db8::1");
    expect(normalizeAddress("evil.example")).toBeNull();
  });
});

/** What a real node:http server (Next's, in production) gives clientAddress for each request. */
async function addressesSeenByServer(requests: Record<string, string>[], hops: number): Promise<string[]> {
  const seen: string[] = [];
  const server = http.createServer((request, response) => {
    seen.push(clientAddress(request.headers, hops));
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    for (const headers of requests) await (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
  return seen;
}

const forged: Record<string, string>[] = [
  { "x-forwarded-for": "203.0.113.9" },
  { "x-forwarded-for": "203.0.113.9", [CONNECTION_ADDRESS_HEADER]: "203.0.113.9" },
  { [CONNECTION_ADDRESS_HEADER]: "0123456789abcdef0123456789abcdef 203.0.113.9" },
];

describe("the client address with no proxy in front (TRUSTED_PROXY_HOPS=0)", () => {
  // In this order: the stamp is installed once per process and stays.
  it("is unknown while the server does not stamp its requests: nothing a client writes is trusted", async () => {
    expect(await addressesSeenByServer(forged, 0)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("is the connection's address as the server stamped it: X-Forwarded-For and a forged stamp are ignored", async () => {
    installConnectionAddressStamp();
    installConnectionAddressStamp(); // idempotent: one stamp, one token
    expect(await addressesSeenByServer([{}, ...forged], 0)).toEqual(Array(4).fill("127.0.0.1"));
    // With hops ≥ 1 the same server still reads X-Forwarded-For, as before.
    expect(await addressesSeenByServer([{ "x-forwarded-for": "203.0.113.9" }], 1)).toEqual(["203.0.113.9"]);
    // A stamp copied out of one request into a header object by hand is still only a value.
    expect(clientAddress({ [CONNECTION_ADDRESS_HEADER]: "203.0.113.9" }, 0)).toBe("unknown");
  });
});
