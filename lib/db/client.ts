import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { type Env, env } from "../env";
import { componentLogger } from "../log";
import { dropProcessSingleton, existingProcessSingleton, processSingleton } from "../process-singleton";
import { DEFAULT_EMBEDDED_DIR, loadPGlite, openEmbedded, pgliteSession } from "./embedded";
import { PrismaClient } from "./generated/client";
import { applyMigrations, type SqlSession } from "./migrate";
import { openPool } from "./postgres-pool";

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
