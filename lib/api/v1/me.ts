import { defineOperation } from "../operation";

export const getMe = defineOperation({
  method: "GET",
  path: "/me",
  operationId: "getMe",
  summary: "The organization and key you are authenticated as",
  description: "Any valid key may ask: an integration can check its own permissions, expiry and allowed addresses.",
  permission: null,
  success: { status: 200, schema: "MeResponse", description: "Your organization and this key." },
  // Built without a schema parse: every field is copied from the verified key (the hot path).
  async handler(_request, { org, apiKey }) {
    return {
      data: {
        organization: org,
        apiKey: {
          id: apiKey.id,
          name: apiKey.name,
          prefix: apiKey.prefix,
          permissions: apiKey.permissions,
          expiresAt: apiKey.expiresAt?.toISOString() ?? null,
          allowedAddresses: apiKey.allowedAddresses,
        },
      },
    };
  },
});
