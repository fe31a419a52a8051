import { isStorableInstant } from "./instant";
import { isRecordId } from "./record-id";

/**
 * The one keyset cursor format (the call list's and Activity's): "<epoch ms>:<record id>" as
 * base64url, so clients treat it as opaque. Decoding is the trust boundary: a value a client
 * made up must come back as null (a clear "not valid" answer), never as a position that fails
 * the query — a 15-digit millisecond count is year 33658, which Postgres's timestamp cast refuses.
 */
export interface KeysetPosition {
  at: Date;
  id: string;
}

const CURSOR_SHAPE = /^(\d{1,15}):(.+)$/;

export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.at.getTime()}:${position.id}`, "utf8").toString("base64url");
}

/** Null when the value is not a cursor this app could have issued. */
export function decodeKeysetCursor(value: string): KeysetPosition | null {
  if (value.length > 128 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const match = CURSOR_SHAPE.exec(Buffer.from(value, "base64url").toString("utf8"));
  // The id goes into the query too: the record-id shape, like every id from a client.
  if (!match || !isRecordId(match[2])) return null;
  const at = new Date(Number(match[1]));
  if (!isStorableInstant(at)) return null;
  return { at, id: match[2] };
}
