// `npm run db:migrate`: applies prisma/migrations to DIRECT_URL, else DATABASE_URL (or the
// embedded database), recording them in _prisma_migrations as `prisma migrate deploy` does.
import { migrateDatabase } from "../lib/db/bootstrap";
import { closeDatabase } from "../lib/db/client";

async function main() {
  const applied = await migrateDatabase();
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
}

main()
  .catch((error) => {
    console.error(`db:migrate failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(closeDatabase);
