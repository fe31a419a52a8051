import { type Endpoint, jsonFields, keyedHeaders, keyId, type SurfaceValues } from "./hostile-surface";

/**
 * The management API's part of the input surface (e2e/hostile-inputs.ts): every /api/v1/keys
 * and /api/v1/activity operation with what it reads.
 */
export function managementApiSurface(values: SurfaceValues): Endpoint[] {
  return [
    // The management API (the inputs organization's keys hold every permission, so each request
    // reaches its parameters). Valid requests change only the targets; a create is refused as a
    // retry of its Idempotency-Key after its body was read, so at most the hostile keys create.
    {
      route: "/api/v1/keys",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [
        { name: "limit", in: "query", valid: "5" },
        // A cursor that decodes (an empty one is refused before the other parameters are read).
        { name: "cursor", in: "query", valid: values.activityCursor },
        { name: "status", in: "query", valid: "active" },
        ...keyedHeaders,
      ],
    },
    {
      route: "/api/v1/keys",
      method: "POST",
      credentials: ["apiKey"],
      inputs: [
        ...jsonFields({
          name: '"Hostile inputs"',
          permissions: '["calls:read"]',
          expiresInDays: "30",
          expiresAt: "",
          allowedAddresses: '["192.0.2.0/24"]',
        }),
        { name: "idempotency-key", in: "header", valid: "hostile-inputs-create" },
        ...keyedHeaders,
      ],
    },
    {
      route: "/api/v1/keys/[id]",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [keyId(values.keyId), ...keyedHeaders],
    },
    {
      route: "/api/v1/keys/[id]",
      method: "PATCH",
      credentials: ["apiKey"],
      inputs: [
        keyId(values.targets.patch),
        ...jsonFields({
          name: '"Hostile target"',
          expiresAt: '"2099-01-01T00:00:00Z"',
          permissions: '["calls:read"]',
          allowedAddresses: "[]",
        }),
        ...keyedHeaders,
      ],
    },
    {
      route: "/api/v1/keys/[id]",
      method: "DELETE",
      credentials: ["apiKey"],
      inputs: [keyId(values.targets.revoke), ...keyedHeaders],
    },
    {
      route: "/api/v1/keys/[id]/roll",
      method: "POST",
      credentials: ["apiKey"],
      inputs: [keyId(values.targets.roll), ...jsonFields({ gracePeriodSeconds: "3600" }), ...keyedHeaders],
    },
    {
      route: "/api/v1/keys/[id]/requests",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [keyId(values.keyId), ...keyedHeaders],
    },
    {
      route: "/api/v1/keys/[id]/usage",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [keyId(values.keyId), ...keyedHeaders],
    },
    {
      route: "/api/v1/activity",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [
        { name: "limit", in: "query", valid: "5" },
        { name: "cursor", in: "query", valid: values.activityCursor },
        { name: "keyId", in: "query", valid: values.keyId },
        { name: "after", in: "query", valid: "2026-01-01T00:00:00Z" },
        ...keyedHeaders,
      ],
    },
  ];
}
