import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { attachDatabasePool } from "@vercel/functions/db-connections";
import pg from "pg";
import { type Env, env, parseDatabaseUrl } from "../env";
import { componentLogger } from "../log";
import { dropProcessSingleton, existingProcessSingleton, processSingleton } from "../process-singleton";
import { DEFAULT_EMBEDDED_DIR, loadPGlite, openEmbedded, pgliteSession } from "./embedded";
import { PrismaClient } from "./generated/client";
import { applyMigrations, type SqlSession } from "./migrate";

const log = componentLogger("db");

/**
 * The one Prisma client of the process. DATABASE_URL set → Postgres through @prisma/adapter-pg;
 * unset → the embedded Postgres (PGlite, imported only then), migrated before its first query.
 * One per process (see process-singleton): opening the embedded folder twice loses data.
 * Connections, poolers, timeouts and schemas: docs/architecture.md, "Connections and poolers".
 */
export interface SqlDatabase {
  kind: "postgres" | "embedded";
  /** Resolves when the schema is migrated (embedded) — Postgres is migrated by deploy. */
  ready: Promise<void>;
  /**
   * Statements on any pooled connection, each on its own (autocommit): what jobs run. Nothing
   * may depend on a previous statement's session, so it works through a transaction pooler.
   */
  sql: SqlSession;
  /** One connection for the whole of `work` (migrations, scripts). */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A read sent on the request pool without Prisma. `name` prepares it once per connection: one name
 * per distinct text (pg refuses a name reused for another text).
 */
export interface ReadStatement {
  name: string;
  text: string;
  values: unknown[];
}

interface Database extends SqlDatabase {
  client: PrismaClient;
  /**
   * For the hottest API reads only: Prisma's raw-query path costs several times what the statement
   * itself costs in the server (docs/benchmarks/2026-12-06-calls-floor). Rows come back as pg
   * parses them, so select text, integers and text arrays (timestamps as text: pg would read a
   * `timestamp` in the server's local zone), and check them before they leave.
   */
  read<Row>(statement: ReadStatement): Promise<Row[]>;
}

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

/**
 * Tests only: call before the first query to have the client emit a "query" event per SQL
 * statement (`onQuery`), for statement counts and EXPLAIN of what a function really sends.
 * Off by default: the events cost CPU on every query.
 */
export function enableQueryEvents(): void {
  processSingleton(QUERY_EVENTS, () => true);
}

const QUERY_EVENTS = "database-query-events";

function newClient(adapter: SqlDriverAdapterFactory): PrismaClient {
  if (!existingProcessSingleton(QUERY_EVENTS)) return new PrismaClient({ adapter });
  return new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] }) as unknown as PrismaClient;
}

export interface QueryEvent {
  query: string;
  /** JSON array of the statement's parameters. */
  params: string;
}

const READ_LISTENERS = "database-read-listeners";

function readListeners(): ((event: QueryEvent) => void)[] {
  return processSingleton(READ_LISTENERS, (): ((event: QueryEvent) => void)[] => []);
}

/** Tests: a `read` is reported like Prisma's own statements, so a test sees everything sent. */
function reportRead(statement: ReadStatement): void {
  if (!existingProcessSingleton(QUERY_EVENTS)) return;
  const event = { query: statement.text, params: JSON.stringify(statement.values) };
  for (const listener of readListeners()) listener(event);
}

/** Listens to every SQL statement the client sends; needs enableQueryEvents() first. */
export function onQuery(listener: (event: QueryEvent) => void): void {
  if (!existingProcessSingleton(QUERY_EVENTS)) throw new Error("call enableQueryEvents() before the first query");
  readListeners().push(listener);
  (database().client as unknown as { $on(event: "query", listener: (event: QueryEvent) => void): void }).$on(
    "query",
    listener,
  );
}

type PoolUse = "requests" | "jobs";

interface PostgresPool {
  pool: pg.Pool;
  schema?: string;
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
function openPool(url: string, use: PoolUse, config: Env): PostgresPool {
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

function createPostgres(url: string, config: Env): Database {
  const { pool, schema, pooled, sql, withSession } = openPool(url, "requests", config);
  const client = newClient(new PrismaPg(pool, { schema }));
  return {
    client,
    kind: "postgres",
    ready: Promise.resolve(),
    sql,
    withSession,
    async read<Row>(statement: ReadStatement) {
      reportRead(statement);
      // Behind a transaction pooler the next transaction may run on a server connection that never
      // saw the statement prepared: unnamed there (as Prisma's are).
      const { name, text, values } = statement;
      return (await pool.query({ name: pooled ? undefined : name, text, values })).rows as Row[];
    },
    async close() {
      await client.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Tests only: build each in-memory embedded database from a migrated template (a PGlite data
 * dump) instead of running initdb per test file, which is several times slower (see docs/benchmarks/).
 */
export function setEmbeddedTemplate(template: Blob): void {
  processSingleton("embedded-template", () => template);
}

async function openEmbeddedDatabase(dir: string) {
  const template = existingProcessSingleton<Blob>("embedded-template");
  const [{ PrismaPGlite }, opened] = await Promise.all([
    import("pglite-prisma-adapter"),
    template && dir === "memory://"
      ? loadPGlite().then((PGlite) => ({ pglite: new PGlite({ loadDataDir: template }), release: () => {} }))
      : openEmbedded(dir),
  ]);
  const { pglite, release } = opened;
  await pglite.waitReady;
  const session = pgliteSession(pglite);
  const applied = await applyMigrations(session);
  if (applied.length > 0) log.info({ migrations: applied }, "embedded database: migrations applied");
  // A copy of the template is a database of its own: its own id, so its own Redis buffer.
  if (template && dir === "memory://") await session.exec(`UPDATE "Installation" SET "id" = gen_random_uuid()::text`);
  return { pglite, release, session, adapter: new PrismaPGlite(pglite) };
}

function createEmbedded(dir: string): Database {
  const opening = openEmbeddedDatabase(dir);
  // Awaited by whoever queries first; an error here is reported there, not as unhandled.
  opening.catch(() => {});
  const ready = opening.then(() => undefined);
  // Prisma connects lazily on the first query; holding that until migrations are done means
  // no query can see a half-created schema. The factory's identity must be known before PGlite
  // is loaded: it is pglite-prisma-adapter's own.
  const adapter: SqlDriverAdapterFactory = {
    provider: "postgres",
    adapterName: "pglite-prisma-adapter",
    connect: async () => (await opening).adapter.connect(),
  };
  const client = newClient(adapter);
  // One session: PGlite is a single connection.
  const session: SqlSession = {
    exec: async (sql) => (await opening).session.exec(sql),
    query: async <Row>(sql: string, params?: unknown[]) => (await opening).session.query<Row>(sql, params),
  };
  return {
    client,
    kind: "embedded",
    ready,
    sql: session,
    read: <Row>(statement: ReadStatement) => {
      reportRead(statement);
      return session.query<Row>(statement.text, statement.values);
    },
    withSession: async (work) => {
      await ready;
      return work(session);
    },
    async close() {
      await client.$disconnect();
      const opened = await opening.catch(() => undefined);
      if (!opened) return;
      await opened.pglite.close();
      opened.release();
    },
  };
}

export function database(): Database {
  return processSingleton(SINGLETON, () => {
    const config = env();
    return config.DATABASE_URL
      ? createPostgres(config.DATABASE_URL, config)
      : createEmbedded(config.EMBEDDED_DATABASE_DIR ?? DEFAULT_EMBEDDED_DIR);
  });
}

const SINGLETON = "database";
const JOBS_SINGLETON = "database-jobs";

/**
 * Where jobs and migrations run: DIRECT_URL when set (DATABASE_URL may then be a pooler's), with
 * the longer job statement timeout and a pool of two. The embedded database is the one database.
 */
export function jobDatabase(): SqlDatabase {
  const config = env();
  if (!config.DATABASE_URL) return database();
  const url = config.DIRECT_URL ?? config.DATABASE_URL;
  return processSingleton(JOBS_SINGLETON, (): SqlDatabase => {
    const { pool, sql, withSession } = openPool(url, "jobs", config);
    return { kind: "postgres", ready: Promise.resolve(), sql, withSession, close: () => pool.end() };
  });
}

export async function closeDatabase(): Promise<void> {
  const current = existingProcessSingleton<Database>(SINGLETON);
  const jobs = existingProcessSingleton<SqlDatabase>(JOBS_SINGLETON);
  dropProcessSingleton(SINGLETON);
  dropProcessSingleton(JOBS_SINGLETON);
  await Promise.all([current?.close(), jobs?.close()]);
}

/**
 * `db.apiKey.findUnique(…)` etc. The client is created on first use, so importing this module
 * (e.g. during `next build`) opens no connection.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = database().client;
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** A read on the request pool without Prisma (see Database.read): the hottest API reads only. */
export function readRows<Row>(statement: ReadStatement): Promise<Row[]> {
  return database().read<Row>(statement);
}
