import { describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { loadViewer, type Viewer } from "@/lib/auth/viewer";
import { parseCsv } from "@/tests/csv";
import { createMember, createOrganization } from "@/tests/factories";
import { activityCsvResponse } from "./activity-export";

/**
 * Who may download Activity as CSV, decided on the server: the viewers here are read from the
 * real database as the route's currentViewer reads them, and every refusal carries no row.
 */
async function orgWithActivity() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN", "Avery Admin");
  const member = await createMember(org.id, "MEMBER", "Morgan Member");
  const key = await createApiKey({ organizationId: org.id, userId: admin.id, name: "Warehouse export" });
  await createApiKey({ organizationId: org.id, userId: admin.id, name: "Zapier — production" });
  const viewerOf = async (user: { id: string }) => (await loadViewer(user.id, org.id)) as Viewer;
  return { org, key, admin: await viewerOf(admin), member: await viewerOf(member) };
}

const params = (query = "") => new URLSearchParams(query);
const NOW = new Date("2026-12-02T12:00:00Z");

describe("Export CSV (real database)", () => {
  it("streams the admin's organization's activity as an attachment, never cached", async () => {
    const { org, admin } = await orgWithActivity();
    const response = await activityCsvResponse(admin, params(), NOW);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="glyphic-activity-${org.slug}-2026-12-02.csv"`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const [header, ...rows] = parseCsv((await response.text()).replace(/^\uFEFF/, ""));
    expect(header[0]).toBe("Time (UTC)");
    expect(rows.map((row) => row[4])).toEqual(["Zapier — production", "Warehouse export"]);
  });

  it("refuses a member with 403 and no data", async () => {
    const { member } = await orgWithActivity();
    const response = await activityCsvResponse(member, params(), NOW);
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toContain("text/plain");
    const body = await response.text();
    expect(body).toContain("You don't have permission to export activity");
    expect(body).not.toContain("Warehouse");
  });

  it("sends a signed-out (or removed) viewer to sign in, back to Settings → API", async () => {
    const response = await activityCsvResponse(null, params(), NOW);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/login?callbackUrl=%2Fsettings%2Fapi");
    expect(await response.text()).toBe("");
  });

  it("filters by one of the organization's keys; another org's key or a made-up id is a 404 without rows", async () => {
    const { key, admin } = await orgWithActivity();
    const other = await orgWithActivity();
    const filtered = await activityCsvResponse(admin, params(`key=${key.summary.id}`), NOW);
    expect(
      parseCsv((await filtered.text()).replace(/^\uFEFF/, ""))
        .slice(1)
        .map((row) => row[4]),
    ).toEqual(["Warehouse export"]);
    // A NUL used to reach Postgres (a 500 and a database error in the log); control characters too.
    for (const id of [
      other.key.summary.id,
      "no-such-key",
      "x".repeat(500),
      "\u0000",
      `${key.summary.id}\u0000`,
      "a\u0007b",
    ]) {
      const response = await activityCsvResponse(admin, params(`key=${encodeURIComponent(id)}`), NOW);
      expect(response.status, id).toBe(404);
      expect(await response.text()).not.toContain("Warehouse");
    }
  });

  it("exports the viewer's own organization only, whatever the URL says", async () => {
    const { admin } = await orgWithActivity();
    const other = await orgWithActivity();
    const response = await activityCsvResponse(
      admin,
      params(`organizationId=${other.org.id}&org=${other.org.slug}`),
      NOW,
    );
    const rows = parseCsv((await response.text()).replace(/^\uFEFF/, "")).slice(1);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row[2] === admin.email)).toBe(true);
  });
});
