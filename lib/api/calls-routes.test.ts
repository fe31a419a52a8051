import { describe, expect, it, vi } from "vitest";

// A small limit, as in with-api-key.test.ts: the paging test takes a fresh key per page.
await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(5));

import { GET as getCallById } from "@/app/api/v1/calls/[id]/route";
import { GET as listCalls } from "@/app/api/v1/calls/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { db } from "@/lib/db/client";
import { apiRequest, createCalls, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";

/** The calls endpoints through their real route handlers (and so through withApiKey). */
async function setup() {
  const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
  const admin = await createMember(org.id, "ADMIN");
  const newKey = async (name = "Warehouse export") => {
    const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
    return { key: created.key, id: created.summary.id, prefix: created.summary.prefix, name };
  };
  return { org, admin, newKey };
}

describe("calls endpoints", () => {
  async function orgWithCalls() {
    const context = await setup();
    const calls = await createCalls(context.org.id, 12, { privateEvery: 4 });
    const other = await createOrganization();
    const otherCalls = await createCalls(other.id, 3);
    const key = await context.newKey();
    const publicIds = calls.filter((call) => !call.isPrivate).map((call) => call.id);
    return { ...context, calls, otherCalls, key, publicIds };
  }

  it("lists the organization's non-private calls, newest first, with exactly the public fields", async () => {
    const { key, publicIds } = await orgWithCalls();
    const response = await listCalls(apiRequest("/api/v1/calls", { key: key.key }), noParams);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = await response.json();
    expect(body.nextCursor).toBeNull();
    expect(body.data.map((call: { id: string }) => call.id)).toEqual(publicIds);
    for (const call of body.data) {
      expect(Object.keys(call).sort()).toEqual(
        ["durationSeconds", "id", "participants", "startedAt", "summary", "title"].sort(),
      );
      expect(new Date(call.startedAt).toISOString()).toBe(call.startedAt);
    }
  });

  it("pages with an opaque cursor without gaps or repeats, ties broken by id", async () => {
    const { org, calls } = await orgWithCalls();
    // Two more calls at exactly the same time as an existing one: the order must still be total.
    const tieTime = calls[4].startedAt;
    await createCalls(org.id, 1, { start: tieTime });
    await createCalls(org.id, 1, { start: tieTime });
    const expected = (
      await db.call.findMany({
        where: { organizationId: org.id, isPrivate: false },
        orderBy: [{ startedAt: "desc" }, { id: "desc" }],
        select: { id: true },
      })
    ).map((call) => call.id);
    for (const limit of [1, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `/api/v1/calls?limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`;
        const response = await listCalls(apiRequest(query, { key: (await setupKeyFor(org.id)).key }), noParams);
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body.data.length).toBeLessThanOrEqual(limit);
        seen.push(...body.data.map((call: { id: string }) => call.id));
        cursor = body.nextCursor;
        if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
        pages++;
      } while (cursor && pages < 50);
      expect(seen).toEqual(expected);
    }
  });

  it("rejects bad query parameters with 400 bad_request naming the parameter", async () => {
    const { newKey } = await orgWithCalls();
    const cases: [string, string][] = [
      ["limit=0", "limit"],
      ["limit=101", "limit"],
      ["limit=abc", "limit"],
      ["limit=1.5", "limit"],
      ["limit=", "limit"],
      ["cursor=not-a-cursor", "cursor"],
      ["cursor=", "cursor"],
      [`cursor=${Buffer.from("123:abc:def").toString("base64url")}`, "cursor"],
      // 15 digits of milliseconds is year 33658: it used to reach the ::timestamp cast (a 500).
      [`cursor=${Buffer.from("999999999999999:abc").toString("base64url")}`, "cursor"],
      [`cursor=${Buffer.from(`${Date.parse("+010000-01-01T00:00:00Z")}:abc`).toString("base64url")}`, "cursor"],
      ["startedAfter=0000-01-01T00:00:00Z", "startedAfter"],
      ["startedBefore=9999-12-31T23:59:59.9999Z", "startedBefore"],
    ];
    for (const [query, parameter] of cases) {
      const { key } = await newKey(query);
      const response = await listCalls(apiRequest(`/api/v1/calls?${query}`, { key }), noParams);
      expect(response.status, query).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain(parameter);
      expect(response.headers.get("x-ratelimit-limit")).toBe("5");
    }
  });

  it("returns one call by id, and 404 alike for missing, private and other organizations' calls", async () => {
    const { key, calls, otherCalls } = await orgWithCalls();
    const publicCall = calls[0];
    const response = await getCallById(apiRequest(`/api/v1/calls/${publicCall.id}`, { key: key.key }), {
      params: Promise.resolve({ id: publicCall.id }),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.data).toMatchObject({ id: publicCall.id, startedAt: publicCall.startedAt.toISOString() });
    expect(Object.keys(body.data)).toHaveLength(6);

    const privateCall = calls.find((call) => call.isPrivate);
    const notFound = [];
    for (const id of [privateCall?.id ?? "", otherCalls[0].id, "does-not-exist"]) {
      const missing = await getCallById(apiRequest(`/api/v1/calls/${id}`, { key: key.key }), {
        params: Promise.resolve({ id }),
      });
      expect(missing.status).toBe(404);
      expect(missing.headers.get("x-ratelimit-limit")).toBe("5");
      notFound.push(await missing.json());
    }
    expect(new Set(notFound.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(notFound[0].error.code).toBe("not_found");
  });

  // A fresh key per page keeps the paging test clear of the small per-key limit of this file.
  async function setupKeyFor(organizationId: string) {
    const admin = await createMember(organizationId, "ADMIN");
    const created = await createApiKey({ organizationId, userId: admin.id, name: "pager" });
    return created;
  }
});
