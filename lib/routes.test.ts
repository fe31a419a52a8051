import { describe, expect, it } from "vitest";
import { apiKeyPath, loginPath } from "./routes";

describe("loginPath", () => {
  it("is the bare sign-in page without a callback", () => {
    expect(loginPath()).toBe("/login");
    expect(loginPath("")).toBe("/login");
  });

  it("carries the callback as one encoded query value", () => {
    expect(loginPath("/settings/api")).toBe("/login?callbackUrl=%2Fsettings%2Fapi");
    const callback = "/settings/api?activityKey=a&b=c#top";
    const url = new URL(loginPath(callback), "http://localhost");
    expect(url.pathname).toBe("/login");
    expect([...url.searchParams.keys()]).toEqual(["callbackUrl"]);
    expect(url.searchParams.get("callbackUrl")).toBe(callback);
    expect(url.hash).toBe("");
  });

  it("round-trips a key page's path, itself encoded", () => {
    const keyPage = apiKeyPath("id with/slash");
    const url = new URL(loginPath(keyPage), "http://localhost");
    expect(url.searchParams.get("callbackUrl")).toBe(keyPage);
    expect(keyPage).toBe("/settings/api/keys/id%20with%2Fslash");
  });
});
