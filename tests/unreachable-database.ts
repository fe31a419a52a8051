import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { beforeAll } from "vitest";
import { closeDatabase } from "@/lib/db/client";
import { PrismaClient } from "@/lib/db/generated/client";
import { processSingleton } from "@/lib/process-singleton";

/**
 * Replaces the app's database, for the rest of the test file, with a real Prisma client whose
 * Postgres does not exist (nothing listens on port 9): every query fails the way it does when
 * the database is down. Returns the client, for tests that query it directly.
 */
export function withUnreachableDatabase(): PrismaClient {
  const deadPool = new pg.Pool({
    connectionString: "postgresql://postgres@127.0.0.1:9/none",
    connectionTimeoutMillis: 1000,
  });
  const deadClient = new PrismaClient({ adapter: new PrismaPg(deadPool) });
  beforeAll(async () => {
    await closeDatabase();
    processSingleton("database", () => ({
      client: deadClient,
      kind: "postgres",
      ready: Promise.resolve(),
      withSession: () => Promise.reject(new Error("no database in this test")),
      close: async () => {
        await deadClient.$disconnect();
        await deadPool.end();
      },
    }));
  });
  return deadClient;
}
