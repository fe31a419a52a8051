import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

/** startedAfter / startedBefore over HTTP: exclusive bounds, combined with the cursor, and 400s. */
const fixtures = apiFixtures();
const address = randomAddress();
// The server allows 20 requests per key per 10 s in e2e runs: the 400s have a key of their own.
const key = fixtures.keys.filters.key;

interface Page {
  data: { id: string; startedAt: string }[];
  nextCursor: string | null;
}

/** Every page of a filtered list, the same filter on each request; checks each page's range. */
async function walk(
  request: Parameters<typeof apiGet>[0],
  filter: Record<string, string>,
  inRange: (time: number) => boolean,
  limit = 3,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ limit: String(limit), ...filter, ...(cursor && { cursor }) });
    const response = await apiGet(request, `/api/v1/calls?${query}`, { key, address });
    expect(response.status(), query.toString()).toBe(200);
    const body = (await response.json()) as Page;
    for (const call of body.data) expect(inRange(Date.parse(call.startedAt)), call.startedAt).toBe(true);
    ids.push(...body.data.map((call) => call.id));
    cursor = body.nextCursor;
    pages++;
  } while (cursor && pages < 20);
  return ids;
}

test.describe("calls list filters", () => {
  const calls = fixtures.publicCalls;
  const time = (index: number) => Date.parse(calls[index].startedAt);
  // A bound on a time two public calls share (the fixtures' tie): exclusive drops both.
  const tie = calls.find((call, index) => calls.findIndex((other) => other.startedAt === call.startedAt) !== index);

  test("startedAfter and startedBefore are exclusive, and a cursor never leaves their range", async ({ request }) => {
    expect(tie).toBeDefined();
    const after = Date.parse(tie?.startedAt ?? "");
    const before = time(0);
    const expected = (keep: (t: number) => boolean) =>
      calls.filter((call) => keep(Date.parse(call.startedAt))).map((call) => call.id);

    const between = (t: number) => t > after && t < before;
    const window = await walk(
      request,
      { startedAfter: new Date(after).toISOString(), startedBefore: new Date(before).toISOString() },
      between,
      2,
    );
    expect(window).toEqual(expected(between));
    expect(window.length).toBeGreaterThan(2); // more than one page of 2

    const since = await walk(request, { startedAfter: new Date(after).toISOString() }, (t) => t > after);
    expect(since).toEqual(expected((t) => t > after));
    const until = await walk(request, { startedBefore: new Date(after).toISOString() }, (t) => t < after);
    expect(until).toEqual(expected((t) => t < after));
    // Together the two halves are everything except the calls exactly at the bound.
    expect(since.length + until.length).toBe(
      calls.length - calls.filter((c) => Date.parse(c.startedAt) === after).length,
    );
  });

  test("an offset means the same instant as Z", async ({ request }) => {
    const instant = time(4);
    const offset = new Date(instant + 2 * 3600_000).toISOString().replace("Z", "+02:00");
    const withZ = await walk(request, { startedAfter: new Date(instant).toISOString() }, (t) => t > instant);
    const withOffset = await walk(request, { startedAfter: offset }, (t) => t > instant);
    expect(withOffset).toEqual(withZ);
    expect(withZ).toEqual(calls.filter((call) => Date.parse(call.startedAt) > instant).map((call) => call.id));
  });

  test("a bad date is 400 bad_request naming the parameter", async ({ request }) => {
    for (const name of ["startedAfter", "startedBefore"]) {
      for (const value of [
        "yesterday",
        "2026-12-01",
        "2026-12-01T00:00:00",
        "2026-02-30T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "",
      ]) {
        const response = await apiGet(request, `/api/v1/calls?${new URLSearchParams({ [name]: value })}`, {
          key: fixtures.keys.filterErrors.key,
          address,
        });
        expect(response.status(), `${name}=${value}`).toBe(400);
        const body = await response.json();
        expect(body.error).toEqual({
          code: "bad_request",
          message: `The ${name} query parameter must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z.`,
        });
      }
    }
  });

  test("the OpenAPI document lists both parameters", async ({ request }) => {
    const document = await (await request.get("/api/v1/openapi.json")).json();
    const names = document.paths["/calls"].get.parameters.map((parameter: { name: string }) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(["limit", "cursor", "startedAfter", "startedBefore"]));
  });
});
