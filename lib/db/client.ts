import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { env } from "../env";
import { componentLogger } from "../log";
import { dropProcessSingleton, existingProcessSingleton, processSingleton } from "../process-singleton";
import { DEFAULT_EMBEDDED_DIR, openEmbedded, pgliteSession } from "./embedded";
import { PrismaClient } from "./generated/client";
import { applyMigrations, type SqlSession } from "./migrate";

const log = componentLogger("db");

/**
 * The one Prisma client of the process. DATABASE_URL set → Postgres through @prisma/adapter-pg;
 * unset → the embedded Postgres (PGlite), migrated before its first query.
 * One per process (see process-singleton): opening the embedded folder twice loses data.
 */
interface Database {
  client: PrismaClient;
  kind: "postgres" | "embedded";
  /** Resolves when the schema is migrated (embedded) — Postgres is migrated by deploy. */
  ready: Promise<void>;
  /** A raw session for migrations and maintenance scripts. */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `postgresql://…?schema=name` selects a schema, as Prisma's own URLs do. */
export function splitSchema(url: string): { connectionString: string; schema?: string } {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get("schema") ?? undefined;
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema };
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

/** Listens to every SQL statement the client sends; needs enableQueryEvents() first. */
export function onQuery(listener: (event: QueryEvent) => void): void {
  if (!existingProcessSingleton(QUERY_EVENTS)) throw new Error("call enableQueryEvents() before the first query");
  (database().client as unknown as { $on(event: "query", listener: (event: QueryEvent) => void): void }).$on(
    "query",
    listener,
  );
}

function createPostgres(url: string): Database {
  const { connectionString, schema } = splitSchema(url);
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: 3_000,
    // search_path makes raw SQL (and migrations) land in the same schema as Prisma's queries.
    options: schema ? `-c search_path=${quoteIdent(schema)}` : undefined,
  });
  pool.on("error", (error) => log.error({ reason: error.message }, "idle Postgres connection failed"));
  const client = newClient(new PrismaPg(pool, { schema }));
  return {
    client,
    kind: "postgres",
    ready: Promise.resolve(),
    async withSession(work) {
      const connection = await pool.connect();
      try {
        if (schema) await connection.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        return await work(pgSession(connection));
      } finally {
        connection.release();
      }
    },
    async close() {
      await client.$disconnect();
      await pool.end();
    },
  };
}

/**
 * Tests only: build each in-memory embedded database from a migrated template (a PGlite data
 * dump) instead of running initdb, which takes ~5 s per test file on this machine.
 */
export function setEmbeddedTemplate(template: Blob): void {
  processSingleton("embedded-template", () => template);
}

function createEmbedded(dir: string): Database {
  const template = existingProcessSingleton<Blob>("embedded-template");
  const { pglite, release } =
    template && dir === "memory://"
      ? { pglite: new PGlite({ loadDataDir: template }), release: () => {} }
      : openEmbedded(dir);
  const session = pgliteSession(pglite);
  const ready = pglite.waitReady.then(async () => {
    const applied = await applyMigrations(session);
    if (applied.length > 0) log.info({ migrations: applied }, "embedded database: migrations applied");
    // A copy of the template is a database of its own: its own id, so its own Redis buffer.
    if (template && dir === "memory://") await session.exec(`UPDATE "Installation" SET "id" = gen_random_uuid()::text`);
  });
  const inner = new PrismaPGlite(pglite);
  // Prisma connects lazily on the first query; holding that until migrations are done means
  // no query can see a half-created schema.
  const adapter: SqlDriverAdapterFactory = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      await ready;
      return inner.connect();
    },
  };
  const client = newClient(adapter);
  return {
    client,
    kind: "embedded",
    ready,
    withSession: async (work) => {
      await ready;
      return work(session);
    },
    async close() {
      await client.$disconnect();
      await pglite.close();
      release();
    },
  };
}

export function database(): Database {
  return processSingleton(SINGLETON, () => {
    const config = env();
    return config.DATABASE_URL
      ? createPostgres(config.DATABASE_URL)
      : createEmbedded(config.EMBEDDED_DATABASE_DIR ?? DEFAULT_EMBEDDED_DIR);
  });
}

const SINGLETON = "database";

export async function closeDatabase(): Promise<void> {
  const current = existingProcessSingleton<Database>(SINGLETON);
  dropProcessSingleton(SINGLETON);
  await current?.close();
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
