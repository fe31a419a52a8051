import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate; migrate deploy where the CLI can reach its engine).
// The app itself applies prisma/migrations with lib/db/migrate.ts (see docs/development.md).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" },
});
