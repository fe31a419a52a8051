import { database } from "./client";

/**
 * Run once per server start (instrumentation.ts): waits for the embedded database's migrations
 * and says whether it is new (empty), so the caller can fill it with demo data. Postgres is
 * migrated by the deploy step (`npm run db:migrate` or `prisma migrate deploy`), never seeded.
 */
export async function prepareDatabase(): Promise<{ newEmbeddedDatabase: boolean }> {
  const current = database();
  await current.ready;
  if (current.kind !== "embedded") return { newEmbeddedDatabase: false };
  return { newEmbeddedDatabase: (await current.client.organization.count()) === 0 };
}
