import { describe, expect, it } from "vitest";
import { decodeCallCursor, encodeCallCursor } from "./cursor";
import { toPublicCall } from "./schema";

describe("call cursor", () => {
  it("round-trips a position as opaque base64url", () => {
    const position = { startedAt: new Date("2026-11-20T15:30:00.123Z"), id: "cm3k9x2ab0001qz8h4d7f6e5c" };
    const cursor = encodeCallCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCallCursor(cursor)).toEqual(position);
  });

  it("rejects anything it did not issue", () => {
    const bad = ["", "%%%", "abc", Buffer.from("x:y").toString("base64url"), "A".repeat(200)];
    bad.push(Buffer.from("123:has space").toString("base64url"), Buffer.from("1:a:b").toString("base64url"));
    for (const value of bad) expect(decodeCallCursor(value), value).toBeNull();
  });

  it("refuses instants Postgres's timestamp cast cannot read (years outside 1–9999)", () => {
    const at = (ms: number | string) => Buffer.from(`${ms}:cmabc`).toString("base64url");
    const lastMs = Date.parse("9999-12-31T23:59:59.999Z");
    expect(decodeCallCursor(at(lastMs))).toEqual({ startedAt: new Date(lastMs), id: "cmabc" });
    for (const ms of [lastMs + 1, 999_999_999_999_999, "-1", "NaN", "1e3", "+5", " 7"]) {
      expect(decodeCallCursor(at(ms)), String(ms)).toBeNull();
    }
  });
});

describe("public call schema", () => {
  it("returns only the public fields, whatever the row carries", () => {
    const row = {
      id: "c1",
      title: "Demo",
      startedAt: new Date("2026-11-20T15:30:00.000Z"),
      durationSeconds: 1800,
      participants: ["Ada"],
      summary: "Went well.",
      isPrivate: false,
      organizationId: "org_secret",
      createdAt: new Date(),
    };
    expect(toPublicCall(row)).toEqual({
      id: "c1",
      title: "Demo",
      startedAt: "2026-11-20T15:30:00.000Z",
      durationSeconds: 1800,
      participants: ["Ada"],
      summary: "Went well.",
    });
  });
});
