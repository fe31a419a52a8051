// `npm run build`: the production build as it ships (docs/deploying.md).
// 1. `next build` with `output: "standalone"`: .next/standalone/server.js and only the packages
//    the server uses (no devDependencies).
// 2. The static assets copied beside it (the standalone server serves them; Next leaves that copy
//    to the deployer).
// 3. The operator commands bundled into .next/standalone/cli/*.mjs (job, db-migrate, flags), so an
//    image without devDependencies (no tsx, no TypeScript) can run jobs and migrations:
//    `node cli/job.mjs maintenance`, `node cli/db-migrate.mjs`.
import { cpSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { bin, run } from "./lib/server.mjs";

const root = process.cwd();
const standalone = path.join(root, ".next", "standalone");

export async function productionBuild() {
  const status = run(bin("next"), ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
  if (status !== 0) return status;
  rmSync(path.join(standalone, ".next", "static"), { recursive: true, force: true });
  cpSync(path.join(root, ".next", "static"), path.join(standalone, ".next", "static"), { recursive: true });
  if (existsSync(path.join(root, "public")))
    cpSync(path.join(root, "public"), path.join(standalone, "public"), { recursive: true });
  await build({
    entryPoints: {
      job: "scripts/job.ts",
      "db-migrate": "scripts/db-migrate.ts",
      flags: "scripts/flags.ts",
    },
    outdir: path.join(standalone, "cli"),
    outExtension: { ".js": ".mjs" },
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    // The embedded database's packages are loaded only when DATABASE_URL is unset (never in an
    // image: production refuses it without GLYPHIC_DEMO=1), from the standalone node_modules.
    external: ["@electric-sql/pglite", "pglite-prisma-adapter", "pg-native", "@node-rs/argon2"],
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: {
      js: 'import { createRequire as __cliCreateRequire } from "node:module"; const require = __cliCreateRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  console.log("✓ standalone server, static assets and cli/ in .next/standalone");
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  productionBuild().then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
