import { db } from "@/lib/db/client";

/**
 * Makes every insert into OutboxMessage fail, in the database itself (a trigger), so a test can
 * show that the change enqueuing a message rolls back with it. Returns the undo.
 */
export async function failOutboxInserts(): Promise<() => Promise<void>> {
  await db.$executeRawUnsafe(`CREATE OR REPLACE FUNCTION "test_refuse_outbox"() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'outbox insert refused by the test'; END $$`);
  await db.$executeRawUnsafe(
    `CREATE TRIGGER "test_refuse_outbox" BEFORE INSERT ON "OutboxMessage" FOR EACH ROW EXECUTE FUNCTION "test_refuse_outbox"()`,
  );
  return async () => {
    await db.$executeRawUnsafe(`DROP TRIGGER "test_refuse_outbox" ON "OutboxMessage"`);
  };
}
