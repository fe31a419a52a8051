// `npm run api:types`: writes lib/api-client/schema.d.ts, the typed client's types, from the
// OpenAPI document the operations in lib/api/v1 generate. Run it after changing an operation;
// lib/api-client/schema.test.ts fails while the committed file differs.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { renderApiTypes, SCHEMA_FILE } from "../lib/api-client/generate";

async function main() {
  const file = path.join(process.cwd(), SCHEMA_FILE);
  writeFileSync(file, await renderApiTypes());
  console.log(`Wrote ${SCHEMA_FILE}`);
}

main().catch((error) => {
  console.error(`api:types failed: ${(error as Error).stack}`);
  process.exitCode = 1;
});
