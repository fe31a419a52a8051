import { z } from "zod";
import { RECORD_ID } from "../db/record-id";
import { parseAllowList } from "../http/cidr";
import { EXPIRY_CHOICES, GRACE_CHOICES } from "./expiry";
import { normalizePermissions, PERMISSIONS } from "./permissions";
import { LIFETIME_CHOICES, UNUSED_CHOICES } from "./policies";

export const KEY_NAME_MAX_LENGTH = 100;

// C0/C1 control characters (newlines, tabs, escapes…) and the bidirectional overrides and
// isolates: a name is shown in tables, toasts and confirmations, where these could hide or
// reorder text ("Revoke ‮…" spoofing), so they are refused rather than stripped.
const UNSAFE_CHARACTERS = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
// A name made only of invisible characters (zero-width spaces, joiners…) would show as a blank row.
const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{P}\p{S}]/u;

/** The descriptive name an admin gives a key: trimmed, 1–100 characters, printable. */
export const apiKeyNameSchema = z
  .string({ error: "Enter a name for the key." })
  .trim()
  .min(1, "Enter a name for the key, e.g. “Internal data warehouse export”.")
  .max(KEY_NAME_MAX_LENGTH, `Use ${KEY_NAME_MAX_LENGTH} characters or fewer.`)
  .refine((name) => !UNSAFE_CHARACTERS.test(name), {
    error: "Use letters, numbers, spaces and punctuation only: the name can't contain control characters.",
  })
  .refine((name) => VISIBLE_CHARACTER.test(name), {
    error: "Enter a name with visible letters or numbers, e.g. “Zapier integration — production”.",
  });

/** When a key expires: Never (the default), or 7, 30, 90 or 365 days from now. */
export const expiryChoiceSchema = z.enum(EXPIRY_CHOICES, { error: "Choose when the key expires." });

/** A set of permissions as sent by a form or the API: known names only, at least one. */
export const permissionsSchema = z
  .array(z.enum(PERMISSIONS, { error: `Choose permissions from ${PERMISSIONS.join(", ")}.` }), {
    error: "Choose the key's permissions.",
  })
  // Piped: a value that is not a list at all gets one message, not also these two.
  .pipe(
    z
      .array(z.enum(PERMISSIONS))
      .max(PERMISSIONS.length, "Choose each permission once.")
      .min(1, "Choose at least one permission: a key that can do nothing is of no use."),
  )
  .transform((permissions) => normalizePermissions(permissions));

export const createApiKeyInputSchema = z.object({
  name: apiKeyNameSchema,
  expiry: expiryChoiceSchema.default("never"),
  /** Absent → Read calls, what every key could do before permissions existed. */
  permissions: permissionsSchema.optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

const keyIdSchema = (verb: string) =>
  z
    .string({ error: `Choose a key to ${verb}.` })
    .trim()
    .min(1, `Choose a key to ${verb}.`)
    .regex(RECORD_ID, `This key doesn't exist. Reload the page and choose a key to ${verb}.`);

export const revokeApiKeyInputSchema = z.object({ keyId: keyIdSchema("revoke") });
export const keepApiKeyInputSchema = z.object({ keyId: keyIdSchema("keep") });
export type RevokeApiKeyInput = z.input<typeof revokeApiKeyInputSchema>;

export const renameApiKeyInputSchema = z.object({ keyId: keyIdSchema("rename"), name: apiKeyNameSchema });
export type RenameApiKeyInput = z.input<typeof renameApiKeyInputSchema>;

export const rollApiKeyInputSchema = z.object({
  keyId: keyIdSchema("roll"),
  grace: z.enum(GRACE_CHOICES, { error: "Choose when the old key stops working." }),
});
export type RollApiKeyInput = z.input<typeof rollApiKeyInputSchema>;

export const changeApiKeyPermissionsInputSchema = z.object({
  keyId: keyIdSchema("change"),
  permissions: permissionsSchema,
});
export type ChangeApiKeyPermissionsInput = z.input<typeof changeApiKeyPermissionsInputSchema>;

export const changeApiKeyExpiryInputSchema = z.object({ keyId: keyIdSchema("change"), expiry: expiryChoiceSchema });
export type ChangeApiKeyExpiryInput = z.input<typeof changeApiKeyExpiryInputSchema>;

/** Generous for 50 IPv6 ranges with stray spaces; far more is not a list anyone typed. */
export const ALLOWED_ADDRESSES_MAX_LENGTH = 5_000;

/** The Allowed addresses text area: one entry per line → canonical entries, or the first bad line. */
export const allowedAddressesSchema = z
  .string({ error: "Enter one address or range per line, or leave the list empty." })
  .max(ALLOWED_ADDRESSES_MAX_LENGTH, "This list is too long: enter at most 50 addresses or ranges, one per line.")
  .transform((text, context) => {
    const parsed = parseAllowList(text);
    if (parsed.ok) return parsed.entries;
    context.addIssue({ code: "custom", message: parsed.error });
    return z.NEVER;
  });

export const setAllowedAddressesInputSchema = z.object({
  keyId: keyIdSchema("change"),
  allowedAddresses: allowedAddressesSchema,
});
export type SetAllowedAddressesInput = z.input<typeof setAllowedAddressesInputSchema>;

export const dismissLeakNoticeInputSchema = z.object({
  leakId: z
    .string({ error: "Choose a notice to dismiss." })
    .trim()
    .regex(RECORD_ID, "This notice doesn't exist. Reload the page."),
});
export type DismissLeakNoticeInput = z.input<typeof dismissLeakNoticeInputSchema>;

const choice = <T extends readonly number[]>(choices: T, message: string) =>
  z
    .union([z.literal("none"), z.enum(choices.map(String) as [string, ...string[]])], { error: message })
    .transform((value) => (value === "none" ? null : Number(value)));

const ENFORCE_FROM_MESSAGE = "Enter the enforcement date as YYYY-MM-DD (from the year 2000), or leave it empty.";

/** Settings → API, Policies: every field, as the form sends it. */
export const keyPoliciesInputSchema = z.object({
  maxKeyLifetimeDays: choice(LIFETIME_CHOICES, "Choose a maximum key lifetime."),
  requireAllowedAddressesForWrite: z.boolean({
    error: "Choose whether keys that can change keys need allowed addresses.",
  }),
  expireUnusedAfterDays: choice(UNUSED_CHOICES, "Choose after how long unused keys expire."),
  defaultPermissions: permissionsSchema,
  enforceFrom: z.string({ error: ENFORCE_FROM_MESSAGE }).transform((value, context) => {
    if (value === "") return null;
    // A calendar day a person means, YYYY-MM-DD from the year 2000 (year 0 is not a date
    // Postgres stores, and 2027-02-30 is no day at all).
    const date = new Date(`${value}T00:00:00Z`);
    const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime());
    if (!valid || date.toISOString().slice(0, 10) !== value || date.getUTCFullYear() < 2000) {
      context.addIssue({ code: "custom", message: ENFORCE_FROM_MESSAGE });
      return z.NEVER;
    }
    return date;
  }),
});
export type KeyPoliciesInput = z.input<typeof keyPoliciesInputSchema>;
