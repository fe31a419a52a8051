import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * GitHub's side of secret scanning, for tests: signing key pairs they generate, and the public
 * key list served from a local HTTP server in GitHub's JSON shape.
 */
export interface SigningKey {
  identifier: string;
  privateKey: KeyObject;
  publicPem: string;
}

/**
 * A P-256 key pair named as GitHub names its keys: the hex SHA-256 of the public key (DER).
 * `identifier` gives it another's name (a forger who copies the public identifier).
 */
export function generateSigningKey(identifier?: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  const der = publicKey.export({ type: "spki", format: "der" });
  return {
    identifier: identifier ?? createHash("sha256").update(der).digest("hex"),
    privateKey,
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

/** An identifier of GitHub's shape that names no key. */
export function madeUpKeyIdentifier(): string {
  return createHash("sha256").update(String(Math.random())).digest("hex");
}

/** A key pair made elsewhere (the e2e fixtures' one, which two specs share). */
export function signingKeyFromPem(key: { identifier: string; privatePem: string; publicPem: string }): SigningKey {
  return { identifier: key.identifier, privateKey: createPrivateKey(key.privatePem), publicPem: key.publicPem };
}

/** Base64 DER ECDSA P-256/SHA-256 signature of the exact bytes, as GitHub sends it. */
export function signBody(body: string | Buffer, key: SigningKey): string {
  return sign("sha256", Buffer.from(body), key.privateKey).toString("base64");
}

export interface KeyListServer {
  url: string;
  /** Requests served so far. */
  requests: number;
  /** Keys the list serves from now on. */
  keys: SigningKey[];
  /** When set, the server answers with this status and no list. */
  failWith: number | null;
  stop(): Promise<void>;
}

/**
 * On a free port, or on `port` (the e2e server was started with its URL). Two e2e specs serve
 * the list on that port (leaks, hostile inputs), each for a few seconds: while the other holds
 * it, this waits for it (up to `waitMs`) rather than failing.
 */
export async function startKeyListServer(keys: SigningKey[], port = 0, waitMs = 120_000): Promise<KeyListServer> {
  const state = { requests: 0, keys, failWith: null as number | null };
  const server = createServer((_request, response) => {
    state.requests++;
    if (state.failWith) {
      response.writeHead(state.failWith).end();
      return;
    }
    const body = {
      public_keys: state.keys.map((key, index) => ({
        key_identifier: key.identifier,
        key: key.publicPem,
        is_current: index === 0,
      })),
    };
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  const deadline = Date.now() + waitMs;
  for (;;) {
    const outcome = await new Promise<"listening" | "in use">((resolve, reject) => {
      const onError = (error: NodeJS.ErrnoException) => {
        if (error.code === "EADDRINUSE" && port !== 0 && Date.now() < deadline) resolve("in use");
        else reject(error);
      };
      server.once("error", onError);
      server.listen(port, "127.0.0.1", () => {
        server.off("error", onError);
        resolve("listening");
      });
    });
    if (outcome === "listening") break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const address = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${address.port}/meta/public_keys/secret_scanning`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as KeyListServer;
}

/** A signed POST to the alert endpoint. */
export function alertRequest(
  body: string | Buffer,
  key: SigningKey | null,
  headers: Record<string, string> = {},
): Request {
  const signed: Record<string, string> = key
    ? { "github-public-key-identifier": key.identifier, "github-public-key-signature": signBody(body, key) }
    : {};
  return new Request("http://localhost/api/secret-scanning/github", {
    method: "POST",
    headers: { "content-type": "application/json", ...signed, ...headers },
    body: typeof body === "string" ? body : new Uint8Array(body),
  });
}
