import { describe, expect, it } from "vitest";
import { toPublicCall } from "./schema";

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
