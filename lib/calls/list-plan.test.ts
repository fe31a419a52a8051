import { beforeAll, describe, expect, it } from "vitest";
import { db, enableQueryEvents, onQuery, type QueryEvent } from "@/lib/db/client";
import { createOrganization } from "@/tests/factories";
import { listPublicCalls } from "./queries";

/**
 * The shape of the deep page's plan, not its timing: the cursor must be an index condition (a
 * seek), and no private row may be read and thrown away. It EXPLAINs the statement
 * listPublicCalls really sent, captured from the client's query events.
 */
enableQueryEvents();

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Index Cond"?: string;
  Filter?: string;
  "Rows Removed by Filter"?: number;
  Plans?: PlanNode[];
}

function scansOfCall(node: PlanNode): PlanNode[] {
  const own = node["Relation Name" as keyof PlanNode] === "Call" ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOfCall)];
}

async function explain(event: QueryEvent): Promise<PlanNode> {
  const params = JSON.parse(event.params) as unknown[];
  const [row] = await db.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${event.query}`,
    ...params,
  );
  const plan = row["QUERY PLAN"];
  const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
  return parsed[0].Plan;
}

/** The plan Postgres would cache for the prepared statement: parameters unknown when planned. */
async function explainGeneric(event: QueryEvent): Promise<PlanNode> {
  // EXECUTE takes values, not bind parameters: the test's own strings and numbers, quoted.
  const params = JSON.parse(event.params) as (string | number)[];
  const args = params
    .map((value) => (typeof value === "number" ? String(value) : `'${value.replaceAll("'", "''")}'`))
    .join(", ");
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SET LOCAL plan_cache_mode = force_generic_plan`);
    await tx.$executeRawUnsafe(`PREPARE list_plan_generic AS ${event.query}`);
    try {
      const [row] = await tx.$queryRawUnsafe<{ "QUERY PLAN": unknown }[]>(
        `EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE list_plan_generic(${args})`,
      );
      const plan = row["QUERY PLAN"];
      const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as { Plan: PlanNode }[];
      return parsed[0].Plan;
    } finally {
      await tx.$executeRawUnsafe(`DEALLOCATE list_plan_generic`);
    }
  });
}

describe("the call list's plan at depth", () => {
  let organizationId: string;

  beforeAll(async () => {
    organizationId = (await createOrganization()).id;
    const other = (await createOrganization()).id;
    // Enough rows that an index beats a sequential scan, 90% of them private, plus another
    // organization's; ANALYZE so the planner knows (autovacuum would take its time).
    for (const [org, count] of [
      [organizationId, 20_000],
      [other, 5_000],
    ] as const) {
      await db.$executeRaw`
        INSERT INTO "Call" ("id", "organizationId", "title", "startedAt", "durationSeconds", "participants", "summary", "isPrivate")
        SELECT ${org} || '-' || g, ${org}, 'Call ' || g, timestamp '2026-11-01' - g * interval '1 minute', 60,
          ARRAY['Ada'], 'Summary', g % 10 <> 0
        FROM generate_series(1, ${count}::int) AS g`;
    }
    await db.$executeRawUnsafe(`ANALYZE "Call"`);
  });

  it("seeks the index to the cursor and reads no private rows", async () => {
    // Deep in the list: 1,000 public rows (and 9,000 private ones) are newer than this cursor,
    // the 1,000th public call (g = 10,000).
    const cursor = { id: `${organizationId}-10000`, at: new Date(Date.UTC(2026, 10, 1) - 10_000 * 60_000) };

    const sent: QueryEvent[] = [];
    onQuery((event) => {
      if (/"Call"/.test(event.query)) sent.push(event);
    });
    const page = await listPublicCalls(organizationId, { limit: 100, cursor });
    expect(page.data).toHaveLength(100);
    expect(sent).toHaveLength(1);

    // The statement is prepared once per connection, so after a few runs Postgres may keep one
    // generic plan for every organization and cursor: that plan must seek the index too.
    for (const plan of [await explain(sent[0]), await explainGeneric(sent[0])]) {
      const scans = scansOfCall(plan);
      expect(scans).toHaveLength(1);
      const [scan] = scans;
      expect(scan["Node Type"]).toMatch(/^Index( Only)? Scan$/);
      // The cursor is part of the index condition (a row comparison seeks the composite index)…
      expect(scan["Index Cond"]).toMatch(/"startedAt", id\) < /);
      // …and nothing is filtered row by row: not the cursor, not isPrivate.
      expect(scan.Filter ?? "").not.toMatch(/startedAt|isPrivate/);
      expect(scan["Rows Removed by Filter"] ?? 0).toBe(0);
    }
  });
});
