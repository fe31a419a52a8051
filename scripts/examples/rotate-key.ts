// A key that rotates itself, with the typed client (README, "Automating keys"):
//
//   GLYPHIC_API_URL=https://app.example.com GLYPHIC_API_KEY=glyk_… \
//   GLYPHIC_NEW_KEY_FILE=/run/secrets/glyphic npx tsx scripts/examples/rotate-key.ts
//
// The key needs the keys:write permission (it rolls itself; GET /me needs none). It asks /me
// which key it is, rolls that key with a grace period (GLYPHIC_GRACE_SECONDS: 0, 3600, 86400 or
// 604800; default 86400), stores the replacement, checks the replacement works, and prints when
// the old key stops working. It never prints either secret.
import { chmodSync, writeFileSync } from "node:fs";
import { createGlyphicClient, type GlyphicClient } from "../../lib/api-client";

type GracePeriod = 0 | 3600 | 86400 | 604800;
const GRACE_PERIODS: readonly GracePeriod[] = [0, 3600, 86400, 604800];

/** Where the new secret goes. The only step that differs between deployments. */
type StoreSecret = (secret: string, key: { id: string; name: string; prefix: string }) => Promise<void>;

/**
 * This example writes the secret to the file GLYPHIC_NEW_KEY_FILE names, readable by its owner
 * only. In production, put your secret store's write here instead — e.g. a new version of the
 * secret in AWS Secrets Manager (PutSecretValue), Vault (kv put) or your CI's secret settings —
 * so that whatever reads GLYPHIC_API_KEY picks up the new key before the grace period ends.
 */
const storeSecretInFile: StoreSecret = async (secret) => {
  const file = required("GLYPHIC_NEW_KEY_FILE");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
};

class RotationError extends Error {}

function required(name: string): string {
  const value = process.env[name]?.trim();
  if (!value) throw new RotationError(`Set ${name}.`);
  return value;
}

function gracePeriod(): GracePeriod {
  const value = Number(process.env.GLYPHIC_GRACE_SECONDS ?? 86400);
  const grace = GRACE_PERIODS.find((choice) => choice === value);
  if (grace === undefined) throw new RotationError(`GLYPHIC_GRACE_SECONDS must be one of ${GRACE_PERIODS.join(", ")}.`);
  return grace;
}

/** The API's own code and message (they never contain a secret). */
function failed(step: string, error: { error: { code: string; message: string } } | undefined, status: number) {
  return new RotationError(
    `${step} failed (${status} ${error?.error.code ?? "no body"}): ${error?.error.message ?? ""}`,
  );
}

async function whoAmI(glyphic: GlyphicClient, step: string) {
  const { data, error, response } = await glyphic.GET("/me");
  if (!data) throw failed(step, error, response.status);
  return data.data.apiKey;
}

export async function rotateKey(options: {
  baseUrl: string;
  apiKey: string;
  gracePeriodSeconds: GracePeriod;
  storeSecret: StoreSecret;
}): Promise<void> {
  const current = createGlyphicClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
  const me = await whoAmI(current, "GET /me");
  if (!me.permissions.includes("keys:write")) {
    throw new RotationError(
      `Key ${me.prefix}… lacks keys:write: give it that permission on its page in Settings → API.`,
    );
  }

  const rolled = await current.POST("/keys/{id}/roll", {
    params: { path: { id: me.id } },
    body: { gracePeriodSeconds: options.gracePeriodSeconds },
  });
  if (!rolled.data) throw failed(`Rolling ${me.prefix}…`, rolled.error, rolled.response.status);
  const { key: secret, ...replacement } = rolled.data.data;

  // Store first: with a grace period of 0 the old key has already stopped working, and the
  // secret is in this response only.
  try {
    await options.storeSecret(secret, replacement);
  } catch (error) {
    throw new RotationError(
      `Storing the new key ${replacement.prefix}… (id ${replacement.id}) failed: ${(error as Error).message}. ` +
        "Revoke it in Settings → API and roll again.",
    );
  }

  const next = createGlyphicClient({ baseUrl: options.baseUrl, apiKey: secret });
  const confirmed = await whoAmI(next, "GET /me with the new key");
  if (confirmed.id !== replacement.id) throw new RotationError("The new key answered as another key.");

  // The old key as it is now: its expiry is the end of the grace period.
  const old = await next.GET("/keys/{id}", { params: { path: { id: me.id } } });
  if (!old.data) throw failed("GET /keys/{id} of the old key", old.error, old.response.status);
  const lapses = old.data.data.expiresAt ?? old.data.data.revokedAt;

  console.log(
    `Rolled “${me.name}” (${me.prefix}…): the new key ${replacement.prefix}… (id ${replacement.id}) is stored and works.`,
  );
  console.log(
    lapses && Date.parse(lapses) > Date.now()
      ? `The old key ${me.prefix}… keeps working until ${lapses}: deploy the new one before then.`
      : `The old key ${me.prefix}… has stopped working (${lapses ?? "now"}).`,
  );
}

async function main(): Promise<void> {
  await rotateKey({
    baseUrl: required("GLYPHIC_API_URL"),
    apiKey: required("GLYPHIC_API_KEY"),
    gracePeriodSeconds: gracePeriod(),
    storeSecret: storeSecretInFile,
  });
}

main().catch((error: unknown) => {
  // Our messages name keys by prefix only; anything else (a network failure) by its message.
  console.error(`Rotation failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
