import { describe, expect, it } from "vitest";
import { formatDay, formatExactTime, formatRelativeTime, formatTimeUntil } from "./dates";

const now = new Date("2026-11-28T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("formatRelativeTime", () => {
  it.each([
    [0, "Just now"],
    [59, "Just now"],
    [60, "1 minute ago"],
    [3 * 60 + 20, "3 minutes ago"],
    [2 * 3600, "2 hours ago"],
    [26 * 3600, "1 day ago"],
    [9 * 24 * 3600, "1 week ago"],
    [45 * 24 * 3600, "1 month ago"],
    [400 * 24 * 3600, "1 year ago"],
  ])("%i seconds ago → %s", (seconds, expected) => {
    expect(formatRelativeTime(ago(seconds), now)).toBe(expected);
  });

  it("reads a date slightly in the future (clock skew) as just now", () => {
    expect(formatRelativeTime(new Date(now.getTime() + 5_000), now)).toBe("Just now");
  });
});

describe("absolute dates", () => {
  it("formats the day and the exact time in the given time zone", () => {
    const date = new Date("2025-03-14T09:30:00Z");
    expect(formatDay(date, "UTC")).toBe("Mar 14, 2025");
    expect(formatExactTime(date, "UTC")).toBe("Friday, March 14, 2025 at 9:30:00 AM UTC");
    expect(formatDay(new Date("2025-03-14T23:30:00Z"), "Asia/Tokyo")).toBe("Mar 15, 2025");
  });
});

describe("formatTimeUntil", () => {
  const ahead = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  it.each([
    [30 * 24 * 3600 - 5, "in 29 days"],
    [365 * 24 * 3600, "in 365 days"],
    [24 * 3600 - 1, "in 23 hours"],
    [3600, "in 1 hour"],
    [5 * 60 + 59, "in 5 minutes"],
    [59, "in less than a minute"],
    [-10, "in less than a minute"],
  ])("%i seconds ahead → %s", (seconds, expected) => {
    expect(formatTimeUntil(ahead(seconds), now)).toBe(expected);
  });
});
