/**
 * Keyset cursor of the call list: the (startedAt, id) of the last call on the page, encoded as
 * base64url so clients treat it as opaque. Keyset rather than offset: pages stay stable while
 * new calls arrive, and a page costs the same however deep it is.
 */
export interface CallCursor {
  startedAt: Date;
  id: string;
}

const CURSOR_SHAPE = /^(\d{1,15}):([A-Za-z0-9_-]{1,64})$/;

export function encodeCallCursor(position: CallCursor): string {
  return Buffer.from(`${position.startedAt.getTime()}:${position.id}`, "utf8").toString("base64url");
}

/** Null when the value is not a cursor this API issued. */
export function decodeCallCursor(value: string): CallCursor | null {
  if (value.length > 128 || !/^[A-Za-z0-9_-]+$/.test(value)) return null;
  const match = CURSOR_SHAPE.exec(Buffer.from(value, "base64url").toString("utf8"));
  if (!match) return null;
  const startedAt = new Date(Number(match[1]));
  if (Number.isNaN(startedAt.getTime())) return null;
  return { startedAt, id: match[2] };
}
