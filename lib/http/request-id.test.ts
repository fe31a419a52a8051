import { describe, expect, it } from "vitest";
import { requestId } from "./request-id";

const withHeader = (value?: string) => new Headers(value === undefined ? {} : { "x-request-id": value });

describe("requestId", () => {
  it("keeps a caller's or proxy's id when it is a safe token", () => {
    expect(requestId(withHeader("req_2f9.A-b"))).toBe("req_2f9.A-b");
    expect(requestId(withHeader("a".repeat(128)))).toBe("a".repeat(128));
  });

  it("generates one for a missing, long or unsafe id, never echoing it", () => {
    for (const bad of [undefined, "", "a".repeat(129), "x y", "id;Set-Cookie=a", "<script>", "ü"]) {
      const id = requestId(withHeader(bad));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
    expect(requestId(withHeader())).not.toBe(requestId(withHeader()));
  });
});
