import type { LookupAddress } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { isPublicAddress, type Resolver, systemResolver } from "./addresses";

/**
 * One POST of a signed event. A 2xx within the time limit is success; anything else (another
 * status, a redirect — not followed —, no answer in time, a refused address) is a failure with
 * a short reason for the endpoint's page. The response body is read and dropped.
 *
 * In production the connection may go only to a public address: the lookup below hands the
 * socket only addresses that pass `isPublicAddress`, an IP literal is checked before connecting,
 * and the connected socket's remote address is checked once more — the address actually
 * connected to, whatever DNS said when the endpoint was added.
 */
export const DELIVERY_TIMEOUT_MS = 10_000;

export interface PostOptions {
  allowLocal: boolean;
  timeoutMs?: number;
  resolve?: Resolver;
}

export interface PostResult {
  ok: boolean;
  status: number | null;
  durationMs: number;
  /** Why it failed, for the page and the log (never a header or the body). */
  error: string | null;
}

class RefusedAddress extends Error {}

function guardedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((found) => {
        const family = typeof options === "object" && options.family ? options.family : 0;
        const usable = found.filter((entry) => family === 0 || entry.family === family);
        const refused = usable.find((entry) => !isPublicAddress(entry.address));
        if (refused)
          throw new RefusedAddress(`${hostname} resolves to ${refused.address}, which is not a public address`);
        if (usable.length === 0) throw new Error(`${hostname} has no address`);
        if (typeof options === "object" && options.all) {
          (callback as (error: null, addresses: LookupAddress[]) => void)(null, usable);
        } else {
          callback(null, usable[0].address, usable[0].family);
        }
      })
      .catch((error: Error) => callback(error as NodeJS.ErrnoException, "", 0));
  };
}

function failureReason(error: unknown): string {
  if (error instanceof RefusedAddress) return `refused: ${error.message}`;
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host not found";
  if (code === "ECONNRESET") return "connection reset";
  if (
    (typeof code === "string" && code.startsWith("ERR_TLS")) ||
    code === "CERT_HAS_EXPIRED" ||
    code === "DEPTH_ZERO_SELF_SIGNED_CERT"
  ) {
    return `TLS error (${code})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return message.slice(0, 200) || "request failed";
}

export function postSigned(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const finish = (status: number | null, error: string | null): PostResult => ({
    ok: error === null && status !== null && status >= 200 && status < 300,
    status,
    durationMs: Math.round(performance.now() - started),
    error,
  });
  return new Promise((resolvePost) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolvePost(finish(null, "invalid URL"));
      return;
    }
    const https = target.protocol === "https:";
    if (!https && !(options.allowLocal && target.protocol === "http:")) {
      resolvePost(finish(null, "refused: only https:// URLs are sent to"));
      return;
    }
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (!options.allowLocal && isIP(host) && !isPublicAddress(host)) {
      resolvePost(finish(null, `refused: ${host} is not a public address`));
      return;
    }
    const send = https ? httpsRequest : httpRequest;
    const request = send(target, {
      method: "POST",
      headers: {
        ...headers,
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "Glyphic-Webhooks/1",
      },
      lookup: options.allowLocal ? undefined : guardedLookup(options.resolve ?? systemResolver),
      // A fresh connection per attempt: a pooled socket would skip the address check.
      agent: false,
    });
    let settled = false;
    const settle = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePost(result);
    };
    const timer = setTimeout(() => {
      settle(finish(null, `no response within ${timeoutMs / 1000} s`));
      request.destroy();
    }, timeoutMs);
    request.on("socket", (socket) => {
      socket.once("connect", () => {
        const remote = socket.remoteAddress ?? "";
        if (!options.allowLocal && !isPublicAddress(remote)) {
          request.destroy(new RefusedAddress(`connected to ${remote}, which is not a public address`));
        }
      });
    });
    request.on("response", (response) => {
      const status = response.statusCode ?? null;
      response.on("data", () => {});
      response.on("error", () => settle(finish(status, "response interrupted")));
      response.on("end", () => {
        if (status !== null && status >= 300 && status < 400)
          settle(finish(status, `HTTP ${status}: redirects are not followed`));
        else if (status !== null && (status < 200 || status >= 300)) settle(finish(status, `HTTP ${status}`));
        else settle(finish(status, null));
      });
    });
    request.on("error", (error) => settle(finish(null, failureReason(error))));
    request.end(body);
  });
}
