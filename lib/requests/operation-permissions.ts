/**
 * The permission a recorded request exercised: the one its /api/v1 operation declares
 * (lib/api/operation.ts), matched from the method and path at flush time. lib/requests sits under
 * lib/api and may not import its declarations, so they are repeated here as data;
 * operation-permissions.test.ts checks this table against API_OPERATIONS, so an operation added,
 * moved or re-permissioned there without this table fails the tests.
 */
export const OPERATION_PERMISSIONS: readonly { method: string; path: string; permission: string | null }[] = [
  { method: "GET", path: "/me", permission: null },
  { method: "GET", path: "/calls", permission: "calls:read" },
  { method: "GET", path: "/calls/{id}", permission: "calls:read" },
  { method: "GET", path: "/keys", permission: "keys:read" },
  { method: "POST", path: "/keys", permission: "keys:write" },
  { method: "GET", path: "/keys/{id}", permission: "keys:read" },
  { method: "PATCH", path: "/keys/{id}", permission: "keys:write" },
  { method: "DELETE", path: "/keys/{id}", permission: "keys:write" },
  { method: "POST", path: "/keys/{id}/roll", permission: "keys:write" },
  { method: "GET", path: "/keys/{id}/requests", permission: "keys:read" },
  { method: "GET", path: "/keys/{id}/usage", permission: "keys:read" },
  { method: "GET", path: "/activity", permission: "activity:read" },
];

const PREFIX = "/api/v1";

/** "/keys/{id}/roll" → /^\/keys\/[^/]+\/roll\/?$/ (a trailing slash is the same route). */
const MATCHERS = OPERATION_PERMISSIONS.map((operation) => ({
  ...operation,
  pattern: new RegExp(`^${operation.path.replace(/\{\w+\}/g, "[^/]+")}/?$`),
}));

/**
 * The permission a request to `path` with `method` needs, or null when it needs none (GET /me)
 * or is no operation (a 404, a 405). HEAD is served by GET.
 */
export function permissionOf(method: string, path: string): string | null {
  if (!path.startsWith(`${PREFIX}/`)) return null;
  const rest = path.slice(PREFIX.length);
  const wanted = method === "HEAD" ? "GET" : method;
  for (const operation of MATCHERS) {
    if (operation.method === wanted && operation.pattern.test(rest)) return operation.permission;
  }
  return null;
}
