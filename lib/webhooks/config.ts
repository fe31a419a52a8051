import { env } from "../env";
import { parseEncryptionKey } from "../env-schema";
import { DEVELOPMENT_KEY } from "./secret-box";

/**
 * What webhooks may do where the app runs. Production (NODE_ENV=production without
 * GLYPHIC_DEMO=1) sends only to https:// URLs on public addresses and needs its own encryption
 * key; development, tests and demos also reach http:// and local receivers, with a known key.
 */
export function allowsLocalReceivers(): boolean {
  const { NODE_ENV, GLYPHIC_DEMO } = env();
  return NODE_ENV !== "production" || GLYPHIC_DEMO === "1";
}

export class EncryptionKeyMissing extends Error {
  constructor() {
    super(
      "WEBHOOK_ENCRYPTION_KEY is not set: production needs it to store webhook signing secrets. Generate one with `openssl rand -base64 32`.",
    );
    this.name = "EncryptionKeyMissing";
  }
}

/** The key that seals signing secrets; throws EncryptionKeyMissing in production without one. */
export function encryptionKey(): Buffer {
  const configured = env().WEBHOOK_ENCRYPTION_KEY;
  if (configured) return parseEncryptionKey(configured) as Buffer;
  if (!allowsLocalReceivers()) throw new EncryptionKeyMissing();
  return DEVELOPMENT_KEY;
}
