import { createHmac, randomBytes } from "node:crypto";

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): the secret is "whsec_" + base64
 * of random bytes; a signature is "v1," + base64(HMAC-SHA256(secret bytes, "<id>.<timestamp>.<body>")),
 * and the webhook-signature header holds one per secret, space-separated — during a roll's
 * overlap, the new secret's and the old one's. Tests verify what this writes with the
 * `standardwebhooks` package, not with this code.
 */
export const SECRET_PREFIX = "whsec_";

export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(24).toString("base64")}`;
}

/** What the endpoint's page shows to tell secrets apart: never enough to sign. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, SECRET_PREFIX.length + 4)}…`;
}

function sign(secret: string, content: string): string {
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
  return `v1,${createHmac("sha256", key).update(content, "utf8").digest("base64")}`;
}

export interface SignedHeaders {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
}

/** The three headers for one attempt (the timestamp is the attempt's, in whole seconds). */
export function signedHeaders(id: string, body: string, secrets: readonly string[], at: Date): SignedHeaders {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  const content = `${id}.${timestamp}.${body}`;
  return {
    "webhook-id": id,
    "webhook-timestamp": timestamp,
    "webhook-signature": secrets.map((secret) => sign(secret, content)).join(" "),
  };
}
