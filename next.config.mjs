/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and WASM packages load files next to themselves: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@node-rs/argon2", "pg"],
  // The embedded database applies prisma/migrations at start-up (lib/db/migrate.ts).
  outputFileTracingIncludes: { "/*": ["./prisma/migrations/**/*"] },
};

export default nextConfig;
