import { isIP } from "node:net";
import { env } from "../env";
import { CONNECTION_ADDRESS_HEADER, stampedConnectionAddress } from "./connection-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

/**
 * The one answer to "who is the client?", used by every budget, throttle and log line.
 * X-Forwarded-For is read from the right: each trusted proxy appends the address it saw, so
 * the entry `TRUSTED_PROXY_HOPS` from the end is the last one our own infrastructure wrote;
 * everything to its left is whatever the client sent. With 0 hops (nothing in front of the
 * server) no forwarded header is read at all: the address is the connection's, as the server
 * process stamped it (connection-address.ts). See docs/architecture.md.
 */
export function clientAddress(headers: HeaderSource, trustedHops: number = env().TRUSTED_PROXY_HOPS): string {
  if (trustedHops === 0) {
    const stamped = stampedConnectionAddress(headerValue(headers, CONNECTION_ADDRESS_HEADER));
    return (stamped && normalizeAddress(stamped)) || "unknown";
  }
  const entries = (headerValue(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Fewer entries than hops: the request skipped a proxy; the left-most is then the nearest.
  const entry = entries[Math.max(0, entries.length - trustedHops)];
  return (entry && normalizeAddress(entry)) || "unknown";
}

/** Plain IPv4 / lower-case IPv6 without brackets, port or the IPv4-mapped prefix; null if not an IP. */
export function normalizeAddress(value: string): string | null {
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) address = mapped[1];
  return isIP(address) ? address : null;
}

function headerValue(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(",") : value;
}
