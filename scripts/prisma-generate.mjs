// Generates the Prisma client into lib/db/generated. Runs after `npm install` (the project's own
// postinstall; npm 11 skips dependencies' install scripts).
// The Prisma 7 CLI wants to download a schema engine it does not need for `generate`; pointing
// it at /bin/true skips that download offline. Never use this variable for migrate commands.
import { execFileSync } from "node:child_process";

execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
  stdio: ["ignore", "ignore", "inherit"],
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" },
});
console.log("Prisma client generated in lib/db/generated");
