export const DEFAULT_AFTER_SIGN_IN = "/settings/api";

/**
 * Where to go after sign-in: a path on this site, or Settings → API. Browsers read `\` as `/`
 * and drop tabs and newlines, so `/\evil.example` or `/\t/evil.example` would leave the site;
 * anything with a backslash, a control character or whitespace — raw or percent-encoded — or
 * that resolves to another origin is refused rather than repaired.
 */
export function safeCallbackPath(value: string | null | undefined): string {
  if (!value || value.length > 2048 || !value.startsWith("/")) return DEFAULT_AFTER_SIGN_IN;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return DEFAULT_AFTER_SIGN_IN;
  }
  for (const text of [value, decoded]) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
    if (/[\\\s\u0000-\u001f\u007f]/.test(text) || text.startsWith("//")) return DEFAULT_AFTER_SIGN_IN;
  }
  const base = "http://glyphic.invalid";
  const url = new URL(value, base);
  return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : DEFAULT_AFTER_SIGN_IN;
}
