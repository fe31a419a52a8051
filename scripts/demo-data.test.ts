import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { listKeys } from "../lib/api-keys/views/summary";
import { verifyPassword } from "../lib/auth/password";
import { db } from "../lib/db/client";
import { DEMO_ORGS, DEMO_PASSWORD, seedDemoData } from "./demo-data";

describe("demo seed", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("creates the README's demo data and is idempotent", async () => {
    await seedDemoData(db);
    await seedDemoData(db);
    const orgs = await db.organization.findMany({
      orderBy: { slug: "asc" },
      include: { memberships: { include: { user: true } } },
    });
    expect(orgs.map((org) => [org.name, org.slug, org.features])).toEqual([
      ["Acme", "acme", []],
      ["Globex", "globex", ["extended-api-key-limit"]],
    ]);
    const people = orgs.flatMap((org) => org.memberships.map((m) => [org.slug, m.user.email, m.user.name, m.role]));
    expect(people.sort()).toEqual([
      ["acme", "admin@acme.test", "Avery Admin", "ADMIN"],
      ["acme", "member@acme.test", "Morgan Member", "MEMBER"],
      ["acme", "owner@acme.test", "Olive Owner", "OWNER"],
      ["globex", "admin@globex.test", "Gloria Globex", "ADMIN"],
    ]);
    const admin = await db.user.findUniqueOrThrow({ where: { email: "admin@acme.test" } });
    expect(await verifyPassword(admin.passwordHash, DEMO_PASSWORD)).toBe(true);
    for (const org of orgs) {
      const calls = await db.call.findMany({ where: { organizationId: org.id } });
      expect(calls).toHaveLength(12);
      expect(calls.filter((call) => call.isPrivate).length).toBeGreaterThan(0);
    }
    const acmeKeys = await listKeys(orgs[0].id);
    expect(acmeKeys).toHaveLength(1);
    expect(acmeKeys[0]).toMatchObject({ name: "Legacy CRM sync", createdByName: null });
  });

  it("README's demo logins table lists every demo member, with their organization and role", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    // "| `owner@acme.test` (Olive Owner) | Acme | Owner (also sets key policies) |"
    const rows = [...readme.matchAll(/^\| `([^`]+)` \(([^)]+)\)\s*\| (\w+)[^|]*\| (\w+)/gm)].map((match) => [
      match[1],
      match[2],
      match[3],
      match[4].toUpperCase(),
    ]);
    const seeded = DEMO_ORGS.flatMap((org) =>
      org.members.map((member) => [member.email, member.name, org.name, member.role]),
    );
    expect(rows.sort()).toEqual(seeded.sort());
  });

  it("refuses to run in production", async () => {
    vi.stubEnv("NODE_ENV", "production");
    await expect(seedDemoData(db)).rejects.toThrow(/Refusing to seed demo data in production/);
  });
});
