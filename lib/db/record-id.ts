/**
 * The shape of every id this app issues (cuid). Input that claims to be an id is checked against
 * it before a query: a NUL or control character would otherwise reach Postgres and fail the
 * query (an error, not "not found").
 */
export const RECORD_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isRecordId(value: string): boolean {
  return RECORD_ID.test(value);
}
