import { attachDatabasePool } from "@vercel/functions/db-connections";
import pg from "pg";
import { type Env, parseDatabaseUrl } from "../env";
import { componentLogger } from "../log";
import type { SqlSession } from "./migrate";

const log = componentLogger("db");

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function pgSession(client: pg.ClientBase): SqlSession {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
  };
}

type PoolUse = "requests" | "jobs";

interface PostgresPool {
  pool: pg.Pool;
  schema?: string;
  /** Behind a transaction pooler (`?pgbouncer=true`). */
  pooled: boolean;
  /** Each statement on any pooled connection. */
  sql: SqlSession;
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
}

/**
 * A pg pool for requests (DATABASE_URL) or for jobs and migrations (DIRECT_URL when set).
 * Direct connections get their statement timeout and search_path per physical connection;
 * a pooled URL (`?pgbouncer=true`) gets neither — it would refuse the startup option, and a
 * session SET would land on whichever server connection ran it.
 */
export function openPool(url: string, use: PoolUse, config: Env): PostgresPool {
  const { connectionString, schema, pooled } = parseDatabaseUrl(url);
  if (pooled && schema && schema !== "public") {
    throw new Error(`?schema=${schema} cannot be used through a transaction pooler (see lib/env.ts)`);
  }
  const timeoutMs =
    use === "requests" ? config.DATABASE_STATEMENT_TIMEOUT_MS : config.DATABASE_JOB_STATEMENT_TIMEOUT_MS;
  const pool = new pg.Pool({
    connectionString,
    // Jobs run one statement at a time, plus their lease's heartbeat.
    max: use === "requests" ? config.DATABASE_POOL_MAX : 2,
    // Short: a serverless instance is frozen between requests, and its idle timers with it.
    idleTimeoutMillis: config.VERCEL ? 5_000 : 10_000,
    connectionTimeoutMillis: use === "requests" ? 3_000 : 10_000,
    // A startup parameter: no round trip, holds for the connection's life. Direct connections only.
    statement_timeout: !pooled && timeoutMs > 0 ? timeoutMs : undefined,
    // Raw SQL (and migrations) must land in the schema Prisma's own queries name. pg-pool awaits
    // this on each new connection before handing it out, and drops the connection if it fails.
    onConnect:
      schema && !pooled
        ? async (client: pg.ClientBase) => {
            await client.query(`SET search_path TO ${quoteIdent(schema)}`);
          }
        : undefined,
  });
  pool.on("error", (error) => log.error({ reason: error.message }, "idle Postgres connection failed"));
  // On Vercel: keeps the instance alive until idle clients are closed, so a suspended instance
  // holds no connection (a no-op elsewhere).
  if (config.VERCEL) attachDatabasePool(pool);
  const sql: SqlSession =
    pooled && timeoutMs > 0
      ? transactionPerStatement(pool, timeoutMs)
      : { exec: poolExec(pool), query: poolQuery(pool) };
  return {
    pool,
    schema,
    pooled,
    sql,
    async withSession(work) {
      const connection = await pool.connect();
      try {
        if (schema) await connection.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        return await work(pgSession(connection));
      } finally {
        connection.release();
      }
    },
  };
}

const poolExec = (pool: pg.Pool) => async (sql: string) => {
  await pool.query(sql);
};

const poolQuery =
  (pool: pg.Pool) =>
  async <Row>(sql: string, params: unknown[] = []) =>
    (await pool.query(sql, params)).rows as Row[];

/**
 * Behind a transaction pooler no startup parameter reaches the server, so each job statement runs
 * in a transaction of its own that sets its timeout first (SET LOCAL ends with the transaction).
 */
function transactionPerStatement(pool: pg.Pool, timeoutMs: number): SqlSession {
  const run = async (sql: string, params?: unknown[]) => {
    const client = await pool.connect();
    try {
      await client.query(`BEGIN; SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`);
      const result = await client.query(sql, params);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    exec: async (sql) => {
      await run(sql);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await run(sql, params)).rows as Row[],
  };
}
