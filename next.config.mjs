/** Headers on every response, pages and API alike. The CSP is per request (proxy.ts). */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // A self-contained server (.next/standalone/server.js with only the packages it uses): what the
  // Docker image runs and what the e2e and system tests start, so the tests run what ships.
  output: "standalone",
  poweredByHeader: false,
  // forbidden(): a member's Settings → API answers 403 (app/(app)/settings/forbidden.tsx).
  experimental: { authInterrupts: true },
  // Native and WASM packages load files next to themselves: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  // The embedded database applies prisma/migrations at start-up (lib/db/migrate.ts).
  outputFileTracingIncludes: { "/*": ["./prisma/migrations/**/*"] },
  // Vercel refuses the embedded database (lib/env.ts), so its functions need not carry PGlite's
  // ~20 MB: lib/db loads it with import() only when DATABASE_URL is unset.
  ...(process.env.VERCEL
    ? {
        outputFileTracingExcludes: {
          "/*": ["node_modules/@electric-sql/pglite/**", "node_modules/pglite-prisma-adapter/**"],
        },
      }
    : {}),
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
