import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type App, BASE_DATABASE_URL, dropSchema, sessionCookie, startApp, useSchema } from "./harness";

/**
 * The viewer (session → membership) is read once per page load although the layout and the
 * page both ask (React cache). Counted by Postgres itself: scans of the Membership table's
 * unique index by the production server, for an admin of an organization with no keys and no
 * activity, whose page has no other reason to read Membership.
 */
const SCHEMA = "system_page_queries";
let app: App;
let cookie = "";

beforeAll(async () => {
  const url = await useSchema(SCHEMA);
  const { db } = await import("../../lib/db/client");
  const org = await db.organization.create({ data: { name: "Quiet", slug: "quiet" } });
  const user = await db.user.create({ data: { email: "admin@quiet.test", name: "Quinn Quiet", passwordHash: "x" } });
  await db.membership.create({ data: { userId: user.id, organizationId: org.id, role: "ADMIN" } });
  cookie = await sessionCookie("admin@quiet.test");
  app = await startApp("page-queries", { DATABASE_URL: url });
});

afterAll(async () => {
  await app?.stop();
  await dropSchema(SCHEMA);
});

/** Index scans of Membership's unique index, once every backend has reported its statistics. */
async function membershipLookups(): Promise<number> {
  // A backend reports its statistics when it goes idle, at most every 10 s (PostgreSQL 15).
  await new Promise((resolve) => setTimeout(resolve, 12_000));
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ scans: string }>(
      `SELECT idx_scan AS scans FROM pg_stat_user_indexes
       WHERE schemaname = $1 AND indexrelname = 'Membership_userId_organizationId_key'`,
      [SCHEMA],
    );
    return Number(rows[0]?.scans ?? 0);
  } finally {
    await client.end();
  }
}

describe("one Settings → API page load", () => {
  it("reads the viewer's membership once", async () => {
    const load = async () => {
      const response = await fetch(`${app.url}/settings/api`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("API keys");
    };
    await load(); // compiles and warms the route
    const before = await membershipLookups();
    await load();
    expect((await membershipLookups()) - before).toBe(1);
  });
});
