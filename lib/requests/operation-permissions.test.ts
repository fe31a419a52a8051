import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "../api/v1";
import { OPERATION_PERMISSIONS, permissionOf } from "./operation-permissions";

describe("the permission a recorded request exercised", () => {
  it("is the table API_OPERATIONS declares, operation for operation", () => {
    const declared = API_OPERATIONS.map(({ method, path, permission }) => ({ method, path, permission }));
    const key = (row: { method: string; path: string }) => `${row.method} ${row.path}`;
    expect([...OPERATION_PERMISSIONS].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      declared.sort((a, b) => key(a).localeCompare(key(b))),
    );
  });

  it("matches a recorded path to its operation's permission", () => {
    expect(permissionOf("GET", "/api/v1/calls")).toBe("calls:read");
    expect(permissionOf("GET", "/api/v1/calls/c123")).toBe("calls:read");
    expect(permissionOf("HEAD", "/api/v1/calls/")).toBe("calls:read");
    expect(permissionOf("POST", "/api/v1/keys")).toBe("keys:write");
    expect(permissionOf("POST", "/api/v1/keys/k1/roll")).toBe("keys:write");
    expect(permissionOf("GET", "/api/v1/keys/k1/usage")).toBe("keys:read");
    expect(permissionOf("GET", "/api/v1/activity")).toBe("activity:read");
  });

  it("is none for /me, other methods, and paths that are no operation", () => {
    expect(permissionOf("GET", "/api/v1/me")).toBeNull();
    expect(permissionOf("PUT", "/api/v1/keys/k1")).toBeNull();
    expect(permissionOf("GET", "/api/v1/keys/k1/roll")).toBeNull();
    expect(permissionOf("GET", "/api/v1/calls/a/b")).toBeNull();
    expect(permissionOf("GET", "/api/v2/calls")).toBeNull();
    expect(permissionOf("GET", "/calls")).toBeNull();
  });
});
