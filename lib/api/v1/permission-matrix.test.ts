import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(1000));

import { createApiKey } from "@/lib/api-keys/commands/create";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { holds, PERMISSION_PRESETS, PERMISSIONS, type Permission } from "@/lib/api-keys/permissions";
import { apiRequest, createCalls } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { logRoute, type Operation } from "../operation";
import { API_OPERATIONS } from ".";

/**
 * Generated from the operations' declarations (lib/api/v1/index.ts): every operation, called
 * through its real route file (withApiKey, real Postgres) by keys holding each preset and each
 * single permission, answers its success status when the key holds the declared permission and
 * 403 insufficient_permission when it does not. A new operation is in the matrix by being
 * declared; one without a route file, or a route file serving no declared operation, fails.
 */
type RouteModule = Record<string, (request: Request, route: { params: Promise<unknown> }) => Promise<Response>>;
const routeFiles = import.meta.glob<RouteModule>("/app/api/v1/**/route.ts", { eager: true });
const moduleOf = (operation: Operation<object>) => routeFiles[`/app${logRoute(operation.path)}/route.ts`];

const HOLDERS: Record<string, readonly Permission[]> = {
  ...PERMISSION_PRESETS,
  ...Object.fromEntries(PERMISSIONS.map((permission) => [`only ${permission}`, [permission]])),
};

/** A request each operation accepts, on resources of the caller's own organization. */
function validRequest(
  operation: Operation<object>,
  key: string,
  target: { keyId: string; callId: string },
  held: readonly Permission[],
) {
  const path = operation.path.replace("/calls/{id}", `/calls/${target.callId}`).replace("{id}", target.keyId);
  const bodies: Record<string, unknown> = {
    createKey: { name: "Made by the matrix", permissions: held },
    updateKey: { name: "Renamed by the matrix" },
    rollKey: { gracePeriodSeconds: 86400 },
  };
  const body = bodies[operation.operationId];
  return apiRequest(`/api/v1${path}`, { key, method: operation.method, body });
}

describe("every /api/v1 operation declares its permission and is served by its route file", () => {
  it("declares a permission (null only for GET /me) and a route file serves it under its method", () => {
    for (const operation of API_OPERATIONS) {
      expect(operation.permission, operation.operationId).not.toBeUndefined();
      if (operation.permission === null) expect(operation.operationId).toBe("getMe");
      expect(moduleOf(operation), `route file of ${operation.path}`).toBeDefined();
    }
    const served = new Set(API_OPERATIONS.map((operation) => `/app${logRoute(operation.path)}/route.ts`));
    const unexplained = Object.keys(routeFiles).filter(
      (file) => !served.has(file) && !/\[\.\.\.path\]|openapi\.json/.test(file),
    );
    expect(unexplained).toEqual([]);
  });

  describe.each(Object.entries(HOLDERS))("a key holding %s", (_label, held) => {
    it.each(API_OPERATIONS.map((operation) => [operation.operationId, operation] as const))(
      "%s",
      async (_id, operation) => {
        const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
        const admin = await createMember(org.id, "ADMIN");
        const caller = await createApiKey({
          organizationId: org.id,
          userId: admin.id,
          name: "caller",
          permissions: held,
        });
        const target = await createApiKey({
          organizationId: org.id,
          userId: admin.id,
          name: "target",
          permissions: held,
        });
        const [call] = await createCalls(org.id, 1);
        const request = validRequest(operation, caller.key, { keyId: target.summary.id, callId: call.id }, held);
        const params = Promise.resolve(
          operation.params ? { id: operation.path.startsWith("/calls") ? call.id : target.summary.id } : {},
        );
        const response = await moduleOf(operation)[operation.method](request, { params });
        const body = await response.json();
        if (operation.permission === null || holds(held, operation.permission)) {
          expect(response.status, JSON.stringify(body)).toBe(operation.success.status);
        } else {
          expect(response.status).toBe(403);
          expect(body.error.code).toBe("insufficient_permission");
          expect(body.error.message).toContain(operation.permission);
        }
      },
    );
  });
});
