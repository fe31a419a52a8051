/**
 * Dates as the settings table shows them. Pure functions of (date, now, time zone), so the
 * server render and the browser's first render agree, and tests need no clock.
 */
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "Just now", "3 minutes ago", "2 days ago"… (future dates, from clock skew, read "Just now"). */
export function formatRelativeTime(date: Date, now: Date): string {
  const seconds = Math.floor((now.getTime() - date.getTime()) / 1000);
  if (seconds < 60) return "Just now";
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return relative.format(-Math.floor(seconds / size), unit);
  }
  return "Just now";
}

/** "Mar 14, 2025" */
export function formatDay(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone }).format(date);
}

/** "Friday, March 14, 2025 at 9:30:00 AM UTC": the exact time, for tooltips. */
export function formatExactTime(date: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat("en-US", {
    dateStyle: "full",
    timeStyle: "long",
    timeZone,
  }).format(date);
}

const UNTIL_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * "in 29 days", "in 23 hours", "in 5 minutes", "in less than a minute": how long until a key
 * expires. Rounded down, so a key never outlives what the table promised; days are not turned
 * into weeks or months, as admins chose the expiry in days.
 */
export function formatTimeUntil(date: Date, now: Date): string {
  const seconds = Math.floor((date.getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNTIL_UNITS) {
    if (seconds >= size) return relative.format(Math.floor(seconds / size), unit);
  }
  return "in less than a minute";
}
