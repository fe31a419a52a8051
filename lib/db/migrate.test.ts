import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase, database } from "./client";
import { acquireLock, openEmbedded, pgliteSession } from "./embedded";
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from "./migrate";

describe("migrations without the Prisma CLI", () => {
  it("records every migration as Prisma does: name, SHA-256 of migration.sql, finished, 1 step", async () => {
    const migrations = await readMigrations();
    expect(migrations.length).toBeGreaterThan(0);
    const rows = await database().withSession(async (session) => {
      // The test setup already migrated this database: a second run must apply nothing.
      expect(await applyMigrations(session, { advisoryLock: false })).toEqual([]);
      return session.query<{
        migration_name: string;
        checksum: string;
        finished_at: Date;
        applied_steps_count: number;
      }>(
        `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
      );
    });
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((migration) => migration.name));
    for (const [index, row] of rows.entries()) {
      const file = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.checksum).toBe(migrations[index].checksum);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }
  });
});

describe("embedded database folder", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("creates missing parent folders, migrates, and reopens without re-applying", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "glyphic-embedded-"));
    dirs.push(parent);
    const dir = path.join(parent, "nested", "db");
    const first = await openEmbedded(dir);
    await first.pglite.waitReady;
    const applied = await applyMigrations(pgliteSession(first.pglite));
    expect(applied.length).toBeGreaterThan(0);
    // Same process, as Next's bundles would: the lock recognises its owner. (Checked on the lock
    // alone: a second PGlite left opening here would still be writing when the folder is removed.)
    expect(() => acquireLock(dir)).not.toThrow();
    await first.pglite.close();
    first.release();
    const reopened = await openEmbedded(dir);
    await reopened.pglite.waitReady;
    expect(await applyMigrations(pgliteSession(reopened.pglite))).toEqual([]);
    await reopened.pglite.close();
    reopened.release();
  });

  it("refuses a folder locked by another live process and takes over a stale lock", async () => {
    const parent = mkdtempSync(path.join(tmpdir(), "glyphic-embedded-"));
    dirs.push(parent);
    const dir = path.join(parent, "db");
    writeFileSync(`${dir}.lock`, String(process.ppid)); // the test runner: alive, not us
    await expect(openEmbedded(dir)).rejects.toThrowError(/in use by process \d+\. Stop that process/);
    writeFileSync(`${dir}.lock`, "2147483646"); // no such process
    const opened = await openEmbedded(dir);
    expect(readFileSync(`${dir}.lock`, "utf8")).toBe(String(process.pid));
    await opened.pglite.waitReady;
    await opened.pglite.close();
    opened.release();
  });
});

afterEach(async () => {
  await closeDatabase();
});
