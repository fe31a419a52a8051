// `npm run db:migrate`: applies prisma/migrations to DATABASE_URL (or the embedded database),
// recording them in _prisma_migrations as `prisma migrate deploy` does.
import { closeDatabase, database } from "../lib/db/client";
import { applyMigrations } from "../lib/db/migrate";

async function main() {
  const current = database();
  const applied = await current.withSession((session) => applyMigrations(session));
  console.log(applied.length ? `Applied: ${applied.join(", ")}` : "No pending migrations.");
}

main()
  .catch((error) => {
    console.error(`db:migrate failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(closeDatabase);
