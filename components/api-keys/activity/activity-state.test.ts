import { describe, expect, it } from "vitest";
import type { ActivityRow } from "@/lib/audit/activity";
import { type ActivityAction, type ActivityState, activityReducer, initialActivityState } from "./activity-state";

function events(from: number, count: number): ActivityRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `event-${from + i}`,
    actorName: "Ada Admin",
    description: `created key ${from + i}`,
    createdAt: new Date(Date.UTC(2026, 11, 1) - (from + i) * 60_000).toISOString(),
  }));
}

const FIRST_RENDER = "2026-12-06T10:00:00.000Z";
const first = () => initialActivityState({ renderedAt: FIRST_RENDER, events: events(0, 2), nextCursor: "c1" });

function run(state: ActivityState, ...actions: ActivityAction[]): ActivityState {
  return actions.reduce(activityReducer, state);
}

describe("activityReducer", () => {
  it("starts from the server's first page with nothing to announce", () => {
    expect(first()).toEqual({
      renderedAt: FIRST_RENDER,
      events: events(0, 2),
      cursor: "c1",
      error: null,
      status: "",
      focusRow: null,
    });
  });

  it("appends a loaded page, keeps focus on the button while there is more, and says how many are shown", () => {
    const state = run(first(), {
      type: "pageLoaded",
      renderedAt: FIRST_RENDER,
      events: events(2, 3),
      nextCursor: "c2",
    });
    expect(state.events.map((event) => event.id)).toEqual(["event-0", "event-1", "event-2", "event-3", "event-4"]);
    expect(state.cursor).toBe("c2");
    expect(state.status).toBe("Loaded 3 more. Showing 5 events.");
    expect(state.focusRow).toBeNull();
  });

  it("on the last page, says that's all and focuses its first row until the focus is done", () => {
    const last = run(first(), { type: "pageLoaded", renderedAt: FIRST_RENDER, events: events(2, 1), nextCursor: null });
    expect(last.cursor).toBeNull();
    expect(last.status).toBe("Loaded 1 more. That's all 3 events.");
    expect(last.focusRow).toBe(2);
    expect(run(last, { type: "focused" }).focusRow).toBeNull();
  });

  it("shows a failed load's error, keeps the rows and cursor, and clears the error on the next try", () => {
    const failed = run(first(), { type: "pageFailed", renderedAt: FIRST_RENDER, error: "Too many requests." });
    expect(failed.error).toBe("Too many requests.");
    expect(failed.events).toEqual(first().events);
    expect(failed.cursor).toBe("c1");
    expect(run(failed, { type: "loadStarted" }).error).toBeNull();
  });

  it("starts over from a new server render (a filter change): loaded pages, error and status go", () => {
    const loaded = run(
      first(),
      { type: "pageLoaded", renderedAt: FIRST_RENDER, events: events(2, 2), nextCursor: "c2" },
      { type: "pageFailed", renderedAt: FIRST_RENDER, error: "Failed." },
    );
    const filtered = run(loaded, {
      type: "rendered",
      renderedAt: "2026-12-06T10:05:00.000Z",
      events: events(100, 1),
      nextCursor: null,
    });
    expect(filtered).toEqual({
      renderedAt: "2026-12-06T10:05:00.000Z",
      events: events(100, 1),
      cursor: null,
      error: null,
      status: "",
      focusRow: null,
    });
  });

  it("drops a page or error that answers a render the list has since left", () => {
    const rerendered = run(first(), {
      type: "rendered",
      renderedAt: "2026-12-06T10:05:00.000Z",
      events: events(100, 1),
      nextCursor: "k1",
    });
    const late = run(
      rerendered,
      { type: "pageLoaded", renderedAt: FIRST_RENDER, events: events(2, 2), nextCursor: "c2" },
      { type: "pageFailed", renderedAt: FIRST_RENDER, error: "Failed." },
    );
    expect(late).toBe(rerendered);
  });
});
