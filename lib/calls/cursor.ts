import { decodeKeysetCursor, encodeKeysetCursor } from "../db/keyset-cursor";

/**
 * Keyset cursor of the call list: the (startedAt, id) of the last call on the page, encoded as
 * base64url so clients treat it as opaque. Keyset rather than offset: pages stay stable while
 * new calls arrive, and a page costs the same however deep it is. Format and checks: lib/db/keyset-cursor.ts.
 */
export interface CallCursor {
  startedAt: Date;
  id: string;
}

export function encodeCallCursor(position: CallCursor): string {
  return encodeKeysetCursor({ at: position.startedAt, id: position.id });
}

/** Null when the value is not a cursor this API issued (or names an instant outside 1–9999). */
export function decodeCallCursor(value: string): CallCursor | null {
  const position = decodeKeysetCursor(value);
  return position && { startedAt: position.at, id: position.id };
}
