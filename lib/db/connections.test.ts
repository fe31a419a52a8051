import { describe, expect, it } from "vitest";
import { database, db, jobDatabase } from "./client";

/**
 * Direct Postgres connections (the suite's `?schema=vitest_…` URL): the schema and the statement
 * timeouts are set per physical connection, without the `options` startup parameter that a
 * transaction pooler refuses (lib/db/pgbouncer.test.ts covers the pooled side).
 */
describe.skipIf(!process.env.DATABASE_URL)("connections", () => {
  const schema = new URL(process.env.DATABASE_URL ?? "postgresql://x").searchParams.get("schema");

  it("puts raw SQL on every new connection in the URL's schema, without a startup option", async () => {
    // Concurrent checkouts: several physical connections, each set up on its own.
    const rows = await Promise.all(
      Array.from({ length: 6 }, () =>
        db.$queryRawUnsafe<{ schema: string }[]>(`SELECT current_schema() AS schema, pg_sleep(0.05)::text`),
      ),
    );
    for (const [row] of rows) expect(row.schema).toBe(schema);
    // Set by a SET on the connection ("session"), not by `-c search_path=…` at startup ("client").
    const [started] = await db.$queryRawUnsafe<{ source: string }[]>(
      `SELECT source FROM pg_settings WHERE name = 'search_path'`,
    );
    expect(started.source).toBe("session");
    const [{ source }] = await jobDatabase().sql.query<{ source: string }>(
      `SELECT source FROM pg_settings WHERE name = 'search_path'`,
    );
    expect(source).toBe("session");
  });

  it("limits a request's statements to 10 s and a job's to 2 minutes", async () => {
    const [request] = await db.$queryRawUnsafe<{ statement_timeout: string }[]>("SHOW statement_timeout");
    expect(request.statement_timeout).toBe("10s");
    const [job] = await jobDatabase().sql.query<{ statement_timeout: string }>("SHOW statement_timeout");
    expect(job.statement_timeout).toBe("2min");
    expect(database().kind).toBe("postgres");
  });
});
