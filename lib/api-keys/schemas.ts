import { z } from "zod";

export const KEY_NAME_MAX_LENGTH = 100;

// C0/C1 control characters (newlines, tabs, escapes…) and the bidirectional overrides and
// isolates: a name is shown in tables, toasts and confirmations, where these could hide or
// reorder text ("Revoke ‮…" spoofing), so they are refused rather than stripped.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

/** The descriptive name an admin gives a key: trimmed, 1–100 characters, printable. */
export const apiKeyNameSchema = z
  .string({ error: "Enter a name for the key." })
  .trim()
  .min(1, "Enter a name for the key, e.g. “Internal data warehouse export”.")
  .max(KEY_NAME_MAX_LENGTH, `Use ${KEY_NAME_MAX_LENGTH} characters or fewer.`)
  .refine((name) => !UNSAFE_CHARACTERS.test(name), {
    error: "Use letters, numbers, spaces and punctuation only: the name can't contain control characters.",
  });

export const createApiKeyInputSchema = z.object({ name: apiKeyNameSchema });
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export const revokeApiKeyInputSchema = z.object({
  keyId: z.string({ error: "Choose a key to revoke." }).trim().min(1, "Choose a key to revoke.").max(64),
});
export type RevokeApiKeyInput = z.input<typeof revokeApiKeyInputSchema>;
