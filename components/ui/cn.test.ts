import { describe, expect, it } from "vitest";
import { cn } from "./cn";

describe("cn", () => {
  it("keeps the later of two conflicting Tailwind classes", () => {
    expect(cn("px-2", "px-4")).toBe("px-4");
    expect(cn("bg-brand-600 text-white", "bg-red-600")).toBe("text-white bg-red-600");
  });

  it("keeps classes that do not conflict, and drops falsy parts", () => {
    expect(cn("px-2 py-1", false, undefined, "text-sm", { "font-medium": true, hidden: false })).toBe(
      "px-2 py-1 text-sm font-medium",
    );
  });
});
