import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Where a webhook may be sent (SSRF). An endpoint URL is an address our servers connect to on an
 * admin's say-so, so in production it must be a public one: not loopback, private, link-local
 * (which holds cloud metadata at 169.254.169.254), shared, unique-local or otherwise special.
 * Checked when an endpoint is added (every address its host resolves to) and again at every
 * delivery against the address actually connected to (lib/webhooks/http.ts), so a name that
 * resolves elsewhere later (DNS rebinding) is refused too.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8], // private
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8], // loopback
  ["169.254.0.0", 16], // link-local, cloud metadata
  ["172.16.0.0", 12], // private
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay
  ["192.168.0.0", 16], // private
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv4");
}
for (const [network, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b:1::", 48], // local-use NAT64
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, "ipv6");
}

/** The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4), if it carries one. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) {
    const high = Number.parseInt(sixToFour[1], 16);
    const low = Number.parseInt(sixToFour[2], 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return null;
}

/** True for an address on the public internet; false for anything else, or for no address. */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const family = isIP(bare);
  if (family === 0) return false;
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    if (inner) return isPublicAddress(inner);
    return !NOT_PUBLIC.check(bare, "ipv6");
  }
  return !NOT_PUBLIC.check(bare, "ipv4");
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export interface UrlPolicy {
  /** Development and demos: http:// and local receivers are accepted. */
  allowLocal: boolean;
  resolve?: Resolver;
}

/** Why a URL may not be an endpoint (a sentence for the admin), or null when it may. */
export async function endpointUrlProblem(raw: string, policy: UrlPolicy): Promise<string | null> {
  const text = raw.trim();
  if (text.length === 0) return "Enter the URL that receives the events.";
  if (text.length > 2000) return "The URL is too long (at most 2,000 characters).";
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "Enter a full URL, such as https://hooks.example.com/glyphic.";
  }
  if (url.protocol !== "https:" && !(policy.allowLocal && url.protocol === "http:")) {
    return policy.allowLocal
      ? "The URL must start with https:// or http://."
      : "The URL must start with https://: events are sent only over TLS.";
  }
  if (url.username || url.password) return "Remove the user name and password from the URL: events are signed instead.";
  if (policy.allowLocal) return null;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await (policy.resolve ?? systemResolver)(host)).map((entry) => entry.address);
    } catch {
      return `The host ${host} could not be found. Check the URL.`;
    }
    if (addresses.length === 0) return `The host ${host} could not be found. Check the URL.`;
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked) {
    return `The host ${host} resolves to ${blocked}, which is not a public address. Events are sent only to public addresses.`;
  }
  return null;
}
