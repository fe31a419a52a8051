import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "./callback-url";

describe("where sign-in returns to", () => {
  it("keeps paths of this site, with their query and fragment", () => {
    expect(safeCallbackPath("/settings/api")).toBe("/settings/api");
    expect(safeCallbackPath("/settings/api?tab=activity#recent")).toBe("/settings/api?tab=activity#recent");
    expect(safeCallbackPath("/docs/api")).toBe("/docs/api");
  });

  it("sends everything that could leave the site to Settings → API", () => {
    const hostile = [
      "//evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "https://evil.example/",
      "/%5Cevil.example",
      "/%5cevil.example",
      "/%2F/evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/%09/evil.example",
      "/%0a/evil.example",
      " /settings",
      "javascript:alert(1)",
      "/%E0%A4%A",
      "",
      null,
      undefined,
      `/${"a".repeat(3000)}`,
    ];
    for (const value of hostile) expect(safeCallbackPath(value), JSON.stringify(value)).toBe(DEFAULT_AFTER_SIGN_IN);
  });
});
