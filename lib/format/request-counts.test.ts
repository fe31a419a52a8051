import { describe, expect, it } from "vitest";
import { requestsSummary } from "./request-counts";

describe("requestsSummary", () => {
  it.each([
    [
      { requests24h: 312, rateLimited24h: 4, requests7d: 1204 },
      "312 requests in the last 24 hours, 4 rate-limited; 1,204 in the last 7 days",
    ],
    [{ requests24h: 1, rateLimited24h: 0, requests7d: 1 }, "1 request in the last 24 hours; 1 in the last 7 days"],
    [{ requests24h: 0, rateLimited24h: 0, requests7d: 40 }, "No requests in the last 24 hours; 40 in the last 7 days"],
    [{ requests24h: 0, rateLimited24h: 0, requests7d: 0 }, "No requests in the last 7 days"],
  ])("%j → %s", (usage, expected) => {
    expect(requestsSummary(usage)).toBe(expected);
  });
});
