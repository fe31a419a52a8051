import type { ActivityRow } from "@/lib/audit/activity";

/**
 * What Activity shows between server renders: the rows of the server's first page plus those
 * "Show more" appended, the cursor of the next page, and the messages about the last load.
 */
export interface ActivityState {
  /** The server render the rows started from; a new one starts the list over. */
  renderedAt: string;
  events: ActivityRow[];
  cursor: string | null;
  error: string | null;
  /** Announced by a live region: how many were loaded and how many are shown. */
  status: string;
  /** The row to focus once it has rendered (the first of the last page), or null. */
  focusRow: number | null;
}

export interface ActivityFirstPage {
  renderedAt: string;
  events: ActivityRow[];
  nextCursor: string | null;
}

export type ActivityAction =
  | ({ type: "rendered" } & ActivityFirstPage)
  | { type: "loadStarted" }
  // Both answers name the render they were asked for, so a page that arrives after the list
  // started over (a filter change, a key action) is not appended to a first page it does not follow.
  | { type: "pageLoaded"; renderedAt: string; events: ActivityRow[]; nextCursor: string | null }
  | { type: "pageFailed"; renderedAt: string; error: string }
  | { type: "focused" };

export function initialActivityState({ renderedAt, events, nextCursor }: ActivityFirstPage): ActivityState {
  return { renderedAt, events, cursor: nextCursor, error: null, status: "", focusRow: null };
}

export function activityReducer(state: ActivityState, action: ActivityAction): ActivityState {
  switch (action.type) {
    case "rendered":
      return initialActivityState(action);
    case "loadStarted":
      return state.error === null ? state : { ...state, error: null };
    case "pageLoaded": {
      if (action.renderedAt !== state.renderedAt) return state;
      const firstNew = state.events.length;
      const total = firstNew + action.events.length;
      return {
        ...state,
        events: [...state.events, ...action.events],
        cursor: action.nextCursor,
        status: `Loaded ${action.events.length} more. ${action.nextCursor ? `Showing ${total} events.` : `That's all ${total} events.`}`,
        // The button stays where it was (and keeps focus) while there is more; on the last page it
        // goes, so focus moves to the first event just loaded rather than falling to the page top.
        focusRow: action.nextCursor ? state.focusRow : firstNew,
      };
    }
    case "pageFailed":
      return action.renderedAt === state.renderedAt ? { ...state, error: action.error } : state;
    case "focused":
      return state.focusRow === null ? state : { ...state, focusRow: null };
  }
}
