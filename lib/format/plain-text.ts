/**
 * C0/C1 control characters (newlines, escapes, NUL…), the line and paragraph separators, and the
 * bidirectional marks, overrides and isolates: in text from outside (a secret-scanning alert)
 * they could break a log or email line, or hide and reorder what an admin reads ("Revoke ‮…"
 * spoofing). Key names refuse them (lib/api-keys/schemas.ts); outside data cannot be refused,
 * so they are stripped from it.
 */
const UNSAFE_CHARACTERS = /[\p{Cc}\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/gu;

/** The text without control and bidirectional-control characters. */
export function stripControlCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, "");
}
