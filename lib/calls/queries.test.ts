import { beforeAll, describe, expect, it } from "vitest";
import { listCallsQuerySchema } from "@/lib/api/schemas";
import { db, readRows } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { createOrganization } from "@/tests/factories";
import { type CallListQuery, findPublicCall, listPublicCalls, listPublicCallsStatement } from "./queries";
import { publicCallSchema } from "./schema";

/** listPublicCalls against the real database: order, scope, cursor and the startedAt bounds. */
const T0 = Date.UTC(2026, 10, 20, 12);
const MINUTE = 60_000;

interface Seeded {
  id: string;
  startedAt: Date;
  isPrivate: boolean;
}

async function seed(organizationId: string, rows: { minutesAgo: number; id: string; isPrivate?: boolean }[]) {
  const created: Seeded[] = [];
  for (const row of rows) {
    created.push(
      await db.call.create({
        data: {
          id: row.id,
          organizationId,
          title: `Call ${row.id}`,
          startedAt: new Date(T0 - row.minutesAgo * MINUTE),
          durationSeconds: 60,
          participants: ["Ada"],
          summary: "Summary",
          isPrivate: row.isPrivate ?? false,
        },
        select: { id: true, startedAt: true, isPrivate: true },
      }),
    );
  }
  return created;
}

/** Every page, following nextCursor, with the same filter on each request. */
async function walk(organizationId: string, query: Omit<CallListQuery, "cursor">) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const parsed = listCallsQuerySchema.parse({ limit: String(query.limit), ...(cursor && { cursor }) });
    const page = await listPublicCalls(organizationId, { ...query, cursor: parsed.cursor });
    ids.push(...page.data.map((call) => call.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return ids;
}

describe("listPublicCalls", () => {
  let orgId: string;
  let calls: Seeded[];
  /** Public calls as the list must return them: startedAt desc, then id desc. */
  let expected: Seeded[];

  beforeAll(async () => {
    orgId = (await createOrganization()).id;
    const otherId = (await createOrganization()).id;
    const rows = [];
    for (let minute = 0; minute < 30; minute++) {
      rows.push({ minutesAgo: minute, id: `c${String(minute).padStart(3, "0")}a`, isPrivate: minute % 3 === 2 });
      // Every fifth minute has a second public call at the same instant: the id breaks the tie.
      if (minute % 5 === 0) rows.push({ minutesAgo: minute, id: `c${String(minute).padStart(3, "0")}b` });
    }
    calls = await seed(orgId, rows);
    await seed(otherId, [{ minutesAgo: 3, id: "other-1" }]);
    expected = calls
      .filter((call) => !call.isPrivate)
      .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || (a.id < b.id ? 1 : -1));
  });

  it("lists public calls newest first, id breaking ties, across pages of every size", async () => {
    for (const limit of [1, 2, 3, 7, 100]) {
      expect(await walk(orgId, { limit }), `limit ${limit}`).toEqual(expected.map((call) => call.id));
    }
  });

  it("startedAfter and startedBefore are exclusive bounds, alone and together, at any page size", async () => {
    const at = (minutesAgo: number) => new Date(T0 - minutesAgo * MINUTE);
    const cases: { filter: Pick<CallListQuery, "startedAfter" | "startedBefore">; keep: (time: number) => boolean }[] =
      [
        { filter: { startedAfter: at(10) }, keep: (time) => time > at(10).getTime() },
        { filter: { startedBefore: at(10) }, keep: (time) => time < at(10).getTime() },
        {
          filter: { startedAfter: at(25), startedBefore: at(5) },
          keep: (time) => time > at(25).getTime() && time < at(5).getTime(),
        },
        { filter: { startedAfter: at(5), startedBefore: at(5) }, keep: () => false },
        { filter: { startedAfter: new Date(T0) }, keep: () => false },
      ];
    for (const { filter, keep } of cases) {
      const want = expected.filter((call) => keep(call.startedAt.getTime())).map((call) => call.id);
      for (const limit of [1, 2, 5, 100]) {
        expect(await walk(orgId, { limit, ...filter }), `${JSON.stringify(filter)} limit ${limit}`).toEqual(want);
      }
    }
    // The bound at 10 minutes ago falls on a tie of two public calls: both are excluded.
    expect(expected.filter((call) => call.startedAt.getTime() === at(10).getTime())).toHaveLength(2);
  });

  it("an incremental sync from the newest startedAt it has misses nothing that arrives later", async () => {
    const synced = new Set(await walk(orgId, { limit: 4 }));
    const newest = expected[0].startedAt;
    const later = await seed(orgId, [
      { minutesAgo: -1, id: "late-1" },
      { minutesAgo: -1, id: "late-2" },
      { minutesAgo: -2, id: "late-3", isPrivate: true },
    ]);
    const delta = await walk(orgId, { limit: 1, startedAfter: newest });
    expect(delta.sort()).toEqual(["late-1", "late-2"]);
    for (const id of delta) expect(synced.has(id)).toBe(false);
    await db.call.deleteMany({ where: { id: { in: later.map((call) => call.id) } } });
  });

  it("findPublicCall returns a public call of the organization only", async () => {
    const publicCall = expected[0];
    const privateCall = calls.find((call) => call.isPrivate);
    expect((await findPublicCall(orgId, publicCall.id))?.id).toBe(publicCall.id);
    expect(await findPublicCall(orgId, privateCall?.id ?? "")).toBeNull();
    expect(await findPublicCall(orgId, "other-1")).toBeNull();
    expect(await findPublicCall(orgId, "missing")).toBeNull();
  });
});

/**
 * The list's rows are parsed once, with the public schema, and nothing checks them after that:
 * these hold the statement and the public shape together.
 */
describe("the list statement and the public shape", () => {
  it("selects exactly the public fields, typed as the API serves them", async () => {
    const orgId = (await createOrganization()).id;
    await seed(orgId, [{ minutesAgo: 1, id: "shape-1" }]);
    const rows = await readRows<Record<string, unknown>>(listPublicCallsStatement(orgId, { limit: 10 }));
    expect(rows).toHaveLength(1);
    // strict(): a column the statement selects beyond the public ones fails here, not silently.
    for (const row of rows) expect(publicCallSchema.strict().parse(row)).toEqual(row);
  });

  it("serves startedAt exactly as the call by id does, milliseconds and early years included", async () => {
    const orgId = (await createOrganization()).id;
    const times = [
      "2026-11-20T15:30:00.123Z",
      "2026-11-20T15:30:00.001Z",
      "0999-01-02T03:04:05.006Z",
      "0001-01-01T00:00:00.000Z",
    ];
    for (const [index, time] of times.entries()) {
      await db.call.create({
        data: {
          id: `time-${index}`,
          organizationId: orgId,
          title: "T",
          startedAt: new Date(time),
          durationSeconds: 0,
          participants: [],
          summary: "",
        },
      });
    }
    const page = await listPublicCalls(orgId, { limit: 10 });
    expect(page.data.map((call) => call.startedAt)).toEqual([...times].sort().reverse());
    for (const call of page.data) expect(await findPublicCall(orgId, call.id)).toEqual(call);
  });

  it("refuses a row the public shape does not allow rather than serve it", async () => {
    // The database allows what the API does not: a NULL participants array, a negative duration.
    for (const bad of [Prisma.sql`NULL, 60`, Prisma.sql`ARRAY['Ada'], -1`]) {
      const orgId = (await createOrganization()).id;
      await db.$executeRaw`
        INSERT INTO "Call" ("id", "organizationId", "title", "startedAt", "participants", "durationSeconds", "summary")
        VALUES (${`${orgId}-bad`}, ${orgId}, 'T', now(), ${bad}, 'S')`;
      await expect(listPublicCalls(orgId, { limit: 10 })).rejects.toThrow();
    }
  });
});

describe("listCallsQuerySchema startedAfter / startedBefore", () => {
  it("accepts ISO 8601 date-times with Z or an offset", () => {
    const parsed = listCallsQuerySchema.parse({
      startedAfter: "2026-12-01T00:00:00Z",
      startedBefore: "2026-12-01T02:00:00.250+02:00",
    });
    expect(parsed.startedAfter?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(parsed.startedBefore?.toISOString()).toBe("2026-12-01T00:00:00.250Z");
  });

  it("rounds sub-millisecond digits so the exclusive bound stays exact", () => {
    const parsed = listCallsQuerySchema.parse({
      startedAfter: "2026-12-01T00:00:00.0004Z",
      startedBefore: "2026-12-01T00:00:00.0004Z",
    });
    expect(parsed.startedAfter?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(parsed.startedBefore?.toISOString()).toBe("2026-12-01T00:00:00.001Z");
  });

  it("refuses anything else with a message that names the parameter", () => {
    for (const name of ["startedAfter", "startedBefore"]) {
      for (const value of [
        "",
        "yesterday",
        "2026-12-01",
        "2026-12-01T00:00:00",
        "2026-02-30T00:00:00Z",
        "2026-12-01T24:00:01Z",
        "1764547200",
        "0000-01-01T00:00:00Z",
        "0001-01-01T00:30:00+01:00",
      ]) {
        const result = listCallsQuerySchema.safeParse({ [name]: value });
        expect(result.success, `${name}=${value}`).toBe(false);
        expect(result.error?.issues[0].message).toBe(
          `The ${name} query parameter must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z.`,
        );
      }
    }
  });
});
