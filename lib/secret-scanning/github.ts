import { z } from "zod";
import { retryAfterSeconds } from "../api/rate-limits";
import { apiJson } from "../api/respond";
import { isDatabaseUnavailable } from "../db/unavailable";
import { env } from "../env";
import { clientAddress } from "../http/client-address";
import { componentLogger, errorReason } from "../log";
import { processSingleton } from "../process-singleton";
import { type RateLimitRule, rateLimiter } from "../rate-limit";
import { processAlert } from "./leaked-tokens";
import {
  createPublicKeyCache,
  isWellFormedKeyIdentifier,
  isWellFormedSignature,
  type PublicKeyCache,
  REFETCH_INTERVAL_MS,
  verifySignature,
} from "./public-keys";

/**
 * POST /api/secret-scanning/github: GitHub's secret-scanning partner alerts. GitHub found
 * strings matching our key format in public and sends them here, signed; each one that is one of
 * our keys is revoked at once (lib/secret-scanning/leaked-tokens.ts, by revokeLeakedApiKey) and its
 * organization's admins are told (notice and email). The answer is GitHub's feedback array.
 *
 * Order matters: the headers' shape, the address's budget of unverified alerts, the signing key,
 * the body (at most 1 MB), the signature over its raw bytes, and only then is the body parsed —
 * a forged or malformed alert is refused before anything reads or changes a row.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_ITEMS = 1_000;

/** This route's error codes: its caller is GitHub, not an API-key holder (same envelope as /api/v1). */
type AlertErrorCode =
  | "bad_request"
  | "invalid_signature"
  | "payload_too_large"
  | "rate_limited"
  | "service_unavailable"
  | "internal_error";
const STATUS: Record<AlertErrorCode, number> = {
  bad_request: 400,
  invalid_signature: 401,
  payload_too_large: 413,
  rate_limited: 429,
  service_unavailable: 503,
  internal_error: 500,
};

function refuse(code: AlertErrorCode, message: string, headers: Record<string, string> = {}): Response {
  return apiJson({ error: { code, message } }, STATUS[code], headers);
}

/**
 * Alerts whose signature did not verify (or that were refused before it could be checked), per
 * client address per minute. GitHub's verified alerts give their reservation back.
 */
export const UNVERIFIED_ALERTS_RULE: RateLimitRule = {
  prefix: "secret-scanning:unverified",
  requests: 30,
  windowSeconds: 60,
};

const alertSchema = z
  .array(
    z.object({
      token: z.string(),
      type: z.string().max(200),
      url: z.string().nullish(),
      source: z.string().max(200).nullish(),
    }),
  )
  .max(MAX_ITEMS, `An alert holds at most ${MAX_ITEMS} tokens.`);

export interface AlertDependencies {
  keys: PublicKeyCache;
  /** Runs work after the response is sent (next/server's after in the route). */
  afterResponse: (task: () => Promise<void>) => void;
}

export function githubPublicKeys(): PublicKeyCache {
  const url = env().SECRET_SCANNING_KEYS_URL;
  return processSingleton(`secret-scanning-keys:${url}`, () => createPublicKeyCache(url));
}

/** The body as bytes, or null when it is over the limit (read no further than that). */
async function readBody(request: Request): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export async function handleGithubAlert(request: Request, deps: AlertDependencies): Promise<Response> {
  const log = componentLogger("secret-scanning");
  // The headers first: checking them costs nothing, so a request without a well-formed pair is
  // refused before it costs a Redis round trip, a key-list fetch or reading its body.
  const identifier = request.headers.get("github-public-key-identifier")?.trim() ?? "";
  const signature = request.headers.get("github-public-key-signature")?.trim() ?? "";
  if (!identifier || !signature) {
    return refuse(
      "bad_request",
      "Send the Github-Public-Key-Identifier and Github-Public-Key-Signature headers (base64 DER ECDSA signature of the body).",
    );
  }
  if (!isWellFormedKeyIdentifier(identifier)) {
    return refuse("bad_request", "The Github-Public-Key-Identifier must be a hex SHA-256 (64 digits 0-9a-f).");
  }
  if (!isWellFormedSignature(signature)) {
    return refuse("bad_request", "The Github-Public-Key-Signature must be a base64 DER ECDSA P-256 signature.");
  }

  // Unverified alerts per client address: reserved before any work and given back once the
  // signature verifies, so GitHub's own alerts never spend it (lib/rate-limit).
  const address = clientAddress(request.headers);
  const budget = rateLimiter(UNVERIFIED_ALERTS_RULE);
  const reserved = await budget.limit(address);
  if (!reserved.success) {
    return refuse("rate_limited", "Too many alerts that could not be verified from this address. Retry later.", {
      "Retry-After": String(retryAfterSeconds(reserved.reset)),
    });
  }

  const lookup = await deps.keys.lookup(identifier);
  if ("error" in lookup) {
    if (lookup.error === "throttled") {
      // Perhaps a key GitHub published after our last fetch: GitHub retries a 503, not a 401.
      return refuse("service_unavailable", "The Github-Public-Key-Identifier is not known yet. Retry later.", {
        "Retry-After": String(Math.ceil(lookup.retryAfterMs / 1000)),
      });
    }
    if (lookup.error === "unreachable") {
      return refuse("service_unavailable", "The list of signing keys cannot be fetched right now. Retry later.", {
        "Retry-After": String(REFETCH_INTERVAL_MS / 1000),
      });
    }
    log.warn({ keyIdentifier: identifier }, "alert signed with an unknown key identifier");
    return refuse("invalid_signature", "The Github-Public-Key-Identifier is not one of the published signing keys.");
  }

  let body: Uint8Array | null;
  try {
    body = await readBody(request);
  } catch {
    // The sender went away mid-body: nothing to process.
    return refuse("bad_request", "The body could not be read.");
  }
  if (!body) return refuse("payload_too_large", `The alert is larger than ${MAX_BODY_BYTES} bytes.`);
  if (!verifySignature(body, signature, lookup.key)) {
    log.warn({ keyIdentifier: identifier }, "alert with an invalid signature");
    return refuse("invalid_signature", "The Github-Public-Key-Signature does not match the body.");
  }
  await budget.refund(address);

  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    return refuse("bad_request", "The body is not valid JSON.");
  }
  const alert = alertSchema.safeParse(parsed);
  if (!alert.success) {
    const tooMany = Array.isArray(parsed) && parsed.length > MAX_ITEMS;
    return refuse(
      "bad_request",
      tooMany
        ? `An alert holds at most ${MAX_ITEMS} tokens.`
        : 'The body must be a JSON array of { "token", "type", "url", "source" }.',
    );
  }

  try {
    return apiJson(await processAlert(alert.data, deps));
  } catch (error) {
    if (isDatabaseUnavailable(error)) {
      log.warn({ reason: errorReason(error) }, "database unreachable; GitHub will retry the alert");
      return refuse("service_unavailable", "The database is unreachable. Retry later.");
    }
    log.error({ err: error }, "alert processing failed");
    return refuse("internal_error", "The alert could not be processed. Retry later.");
  }
}
