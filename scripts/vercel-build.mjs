// Vercel runs `npm run vercel-build` instead of `npm run build` when it exists (docs/deploying.md, "Vercel").
// Production deployments apply pending migrations before the build (through DIRECT_URL when set:
// schema changes take the direct connection, Prisma's convention). Preview deployments never
// migrate: give a preview its own database and run `npm run db:migrate` against it yourself.
// Migrations must keep the previous release working (add first, remove in a later release),
// since the old release serves until the new build is promoted.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = process.cwd();
const tsx = path.join(root, "node_modules", ".bin", "tsx");

if (process.env.VERCEL_ENV === "production") {
  console.log("▶ production deployment: applying migrations (npm run db:migrate)");
  const migrate = spawnSync(tsx, [path.join(root, "scripts", "db-migrate.ts")], { stdio: "inherit" });
  if (migrate.status !== 0) process.exit(migrate.status ?? 1);
} else {
  console.log(`▶ ${process.env.VERCEL_ENV ?? "local"} build: migrations are not applied (production deployments only)`);
}
const build = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
process.exit(build.status ?? 1);
