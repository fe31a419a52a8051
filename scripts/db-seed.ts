// `npm run db:seed`: the demo data the README lists (idempotent; refuses NODE_ENV=production).
import { closeDatabase, database } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";
import { DEMO_PASSWORD, seedDemoData } from "./demo-data";

async function main() {
  const current = database();
  await current.withSession((session) => applyMigrations(session));
  await seedDemoData(current.client);
  console.log(`Demo data ready. Sign in as admin@acme.test / ${DEMO_PASSWORD}`);
}

main()
  .catch((error) => {
    console.error(`db:seed failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(closeDatabase);
