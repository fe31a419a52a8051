import { hash, verify } from "@node-rs/argon2";

// argon2id with the library's defaults (deliberately slow: see docs/benchmarks/): right for
// low-entropy passwords.
// API keys are hashed with SHA-256 instead (lib/api-keys/format.ts): they carry 190 random bits.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the email is unknown keeps the response time the same, so the
// login form does not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash("glyphic-timing-equaliser");
  return dummyHash;
}
