import { type ActivityCursor, type ActivityEvent, type ActivityQuery, readActivityEvents } from "./activity";
import { actorLabel, describeAuditEvent } from "./describe";

/**
 * Activity as CSV (RFC 4180: CRLF lines, every cell quoted), for admins to keep or audit elsewhere.
 * Written from the same statement as the page, batch by batch, so a history of any length is
 * never held in memory. Cells carry names, emails, the action and the sentence the page shows:
 * never a key, a hash, or the raw details (which hold internal ids).
 */
export const ACTIVITY_CSV_HEADER = [
  "Time (UTC)",
  "Actor",
  "Actor email",
  "Action",
  "Key name",
  "Key prefix",
  "Details",
];

export const ACTIVITY_CSV_BATCH = 1_000;

/** Shown for an actor who was deleted or has left the organization, as on the page. */
export const UNKNOWN_ACTOR = "Unknown";

/**
 * One cell, as OWASP's CSV-injection advice has it: a spreadsheet runs a cell beginning with
 * = + - @ (or tab / CR) as a formula, so such cells get a leading apostrophe; and every cell is
 * quoted. Quoting only cells with a comma was not enough: where the list separator is ";"
 * (much of Europe), an unquoted `x;=1+2;y` split into three cells, the middle one a formula.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}

export function activityCsvLine(event: ActivityEvent): string {
  return csvLine([
    event.createdAt.toISOString(),
    // "Secret scanning" for its revocations (no person acted), as on the page.
    actorLabel(event) ?? UNKNOWN_ACTOR,
    event.actorName === null ? "" : (event.actorEmail ?? ""),
    event.action,
    event.keyName,
    event.keyPrefix,
    describeAuditEvent(event),
  ]);
}

export interface CsvStreamOptions {
  batchSize?: number;
  /** After the last row was written (rows written), or when the stream failed or was cancelled. */
  onEnd?: (outcome: { rows: number; error?: unknown; cancelled?: boolean }) => void;
}

/**
 * The organization's activity (optionally one key's), newest first, as a byte stream. `pull`
 * reads the next batch only when the reader wants more, so a slow download holds one batch.
 * A UTF-8 byte order mark first: Excel otherwise reads “…” and accented names as mojibake.
 */
export function activityCsvStream(
  organizationId: string,
  query: Pick<ActivityQuery, "keyId">,
  { batchSize = ACTIVITY_CSV_BATCH, onEnd }: CsvStreamOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let cursor: ActivityCursor | undefined;
  let rows = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let text = "";
          if (!started) {
            started = true;
            text = `\uFEFF${csvLine(ACTIVITY_CSV_HEADER)}`;
          }
          const events = await readActivityEvents(organizationId, { ...query, cursor }, batchSize);
          for (const event of events) text += activityCsvLine(event);
          rows += events.length;
          if (text) controller.enqueue(encoder.encode(text));
          const last = events.at(-1);
          if (events.length < batchSize || !last) {
            controller.close();
            onEnd?.({ rows });
            return;
          }
          cursor = { createdAt: last.createdAt, id: last.id };
        } catch (error) {
          onEnd?.({ rows, error });
          controller.error(error);
        }
      },
      cancel() {
        onEnd?.({ rows, cancelled: true });
      },
    },
    // One batch at a time: the next is read once the previous has been taken.
    { highWaterMark: 0 },
  );
}

/** glyphic-activity-acme-2026-12-02.csv (the slug reduced to safe filename characters). */
export function activityCsvFilename(organizationSlug: string, now = new Date()): string {
  const slug =
    organizationSlug
      .toLowerCase()
      .replaceAll(/[^a-z0-9-]+/g, "-")
      .replaceAll(/^-+|-+$/g, "") || "org";
  return `glyphic-activity-${slug}-${now.toISOString().slice(0, 10)}.csv`;
}
