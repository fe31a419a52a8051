import { database } from "./client";
import { seedDemoData } from "./seed";

/**
 * Run once per server start (instrumentation.ts) and by scripts: waits for the embedded
 * database's migrations and seeds demo data into a new embedded database. Postgres is migrated
 * by the deploy step (`npm run db:migrate` or `prisma migrate deploy`) and never auto-seeded.
 */
export async function prepareDatabase(): Promise<void> {
  const current = database();
  await current.ready;
  if (current.kind !== "embedded") return;
  if ((await current.client.organization.count()) > 0) return;
  await seedDemoData(current.client);
  console.info("[db] embedded database seeded with demo data (logins in README)");
}
