import { describe, expect, it } from "vitest";
import { decodeKeysetCursor, encodeKeysetCursor } from "./keyset-cursor";

/** The one cursor format of the call list and Activity. */
describe("keyset cursor", () => {
  it("round-trips a position as opaque base64url", () => {
    const position = { at: new Date("2026-11-20T15:30:00.123Z"), id: "cm3k9x2ab0001qz8h4d7f6e5c" };
    const cursor = encodeKeysetCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeKeysetCursor(cursor)).toEqual(position);
  });

  it("rejects anything it did not issue", () => {
    const bad = ["", "%%%", "abc", Buffer.from("x:y").toString("base64url"), "A".repeat(200)];
    bad.push(Buffer.from("123:has space").toString("base64url"), Buffer.from("1:a:b").toString("base64url"));
    for (const value of bad) expect(decodeKeysetCursor(value), value).toBeNull();
  });

  it("refuses instants Postgres's timestamp cast cannot read (years outside 1–9999)", () => {
    const at = (ms: number | string) => Buffer.from(`${ms}:cmabc`).toString("base64url");
    const lastMs = Date.parse("9999-12-31T23:59:59.999Z");
    expect(decodeKeysetCursor(at(lastMs))).toEqual({ at: new Date(lastMs), id: "cmabc" });
    for (const ms of [lastMs + 1, 999_999_999_999_999, "-1", "NaN", "1e3", "+5", " 7"]) {
      expect(decodeKeysetCursor(at(ms)), String(ms)).toBeNull();
    }
  });
});
