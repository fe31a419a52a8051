/**
 * Whether an instant can be sent to Postgres as a `timestamp` the way this app sends them (ISO
 * text from toISOString()). Outside the years 1–9999 that text is "+033658-…" or "0000-…",
 * which the cast refuses: a query error (a 500), not an answer. Every instant decoded from input
 * (a cursor, a bound) is checked with this before it reaches a query.
 */
// Parsed from text: Date.UTC reads the years 0–99 as 1900–1999.
export const MIN_STORABLE_TIME = Date.parse("0001-01-01T00:00:00.000Z");
export const MAX_STORABLE_TIME = Date.parse("9999-12-31T23:59:59.999Z");

export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  return !Number.isNaN(time) && time >= MIN_STORABLE_TIME && time <= MAX_STORABLE_TIME;
}
