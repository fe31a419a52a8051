/**
 * The Content Security Policy of every page. Scripts run only with this response's nonce
 * ('strict-dynamic' lets Next's own loader add its chunks); nothing may frame the app.
 *
 * Styles allow 'unsafe-inline': Radix positions popovers with style attributes and sonner
 * injects its stylesheet at runtime, neither of which can carry a nonce. Inline styles cannot
 * run code, so the XSS protection comes from script-src.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // React's development build needs eval for its debugging aids; production never gets it.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (options.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}

export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}
