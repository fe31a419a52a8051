/**
 * What e2e/hostile-inputs.spec.ts sends: every route, page and server action of the app that
 * reads input, each input it reads, and the hostile values each input gets. A new route,
 * action or parameter is covered by adding it to inputSurface(); the spec fails while a route.ts
 * or page.tsx under app/, or a server action of the build, is missing from it (a route that
 * reads nothing is listed with no inputs: it still gets an unknown query parameter).
 */

import { fieldError, POLICY_FIELDS, permissionsField, webhookEventsField } from "./hostile-fields";
import { managementApiSurface } from "./hostile-management";
import {
  type Endpoint,
  forwardedFor,
  type Input,
  keyedHeaders,
  requestIdHeader,
  type SurfaceValues,
} from "./hostile-surface";

export type { Credential, Endpoint, Input, SurfaceValues } from "./hostile-surface";

/**
 * Shaped like a record id, but no record's: what the mutating actions get as their valid id, so
 * no case changes a key (each is refused as not found, after the hostile field was checked).
 */
const NO_SUCH_ID = "cmnosuchrecord000000000000";

const action = (
  name: string,
  path: string,
  inputs: Record<string, string | Pick<Input, "validJson" | "hostileJson">>,
): Endpoint => ({
  route: path.startsWith("/settings/api/keys/")
    ? "/settings/api/keys/[id]"
    : path.startsWith("/settings/api/webhooks/")
      ? "/settings/api/webhooks/[id]"
      : path,
  method: "POST",
  path,
  action: name,
  credentials: ["session"],
  inputs: Object.entries(inputs).map(([field, valid]) =>
    typeof valid === "string"
      ? { name: field, in: "action", valid }
      : { name: field, in: "action", valid: "", ...valid },
  ),
});

/** The actions of an endpoint's page, posted to it. */
const webhookEndpointActions = (page: string): Endpoint[] => [
  action("setWebhookEndpointEnabledAction", page, {
    endpointId: NO_SUCH_ID,
    enabled: {
      validJson: true,
      hostileJson: ["true", 1, null].map((value) => ({
        label: JSON.stringify(value),
        value,
        answer: fieldError("enabled", "Choose whether the endpoint is enabled."),
      })),
    },
  }),
  action("rollWebhookSecretAction", page, { endpointId: NO_SUCH_ID }),
  action("sendWebhookTestAction", page, { endpointId: NO_SUCH_ID }),
  action("retryWebhookDeliveryAction", page, { endpointId: NO_SUCH_ID, deliveryId: NO_SUCH_ID }),
  action("deleteWebhookEndpointAction", page, { endpointId: NO_SUCH_ID }),
];

export function inputSurface(values: SurfaceValues): Endpoint[] {
  return [
    // Public API (X-API-Key).
    {
      route: "/api/v1/calls",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [
        { name: "limit", in: "query", valid: "5" },
        { name: "cursor", in: "query", valid: "" },
        { name: "startedAfter", in: "query", valid: "2026-01-01T00:00:00Z" },
        { name: "startedBefore", in: "query", valid: "2099-01-01T00:00:00Z" },
        ...keyedHeaders,
      ],
    },
    {
      route: "/api/v1/calls/[id]",
      method: "GET",
      credentials: ["apiKey"],
      inputs: [{ name: "id", in: "path", valid: values.callId }, ...keyedHeaders],
    },
    { route: "/api/v1/me", method: "GET", credentials: ["apiKey"], inputs: keyedHeaders },
    ...managementApiSurface(values),
    {
      route: "/api/v1/[...path]",
      method: "GET",
      path: "/api/v1/[path]",
      credentials: ["apiKey"],
      inputs: [{ name: "path", in: "path", valid: "no-such-endpoint" }, requestIdHeader],
    },
    { route: "/api/v1/openapi.json", method: "GET", credentials: [], inputs: [requestIdHeader] },
    // Unauthenticated infrastructure.
    { route: "/api/health", method: "GET", credentials: [], inputs: [requestIdHeader] },
    { route: "/api/health/ready", method: "GET", credentials: [], inputs: [requestIdHeader] },
    { route: "/api/ping", method: "GET", credentials: [], inputs: [] },
    {
      route: "/api/cron/[job]",
      method: "GET",
      credentials: ["cronSecret"],
      // "maintenance" is only ever sent with a hostile Authorization: no job runs.
      inputs: [
        { name: "job", in: "path", valid: "maintenance" },
        { name: "authorization", in: "header", valid: "Bearer not-the-secret" },
      ],
    },
    {
      route: "/api/secret-scanning/github",
      method: "POST",
      credentials: ["githubSignature"],
      inputs: [
        { name: "body", in: "body", valid: "[]" },
        { name: "github-public-key-identifier", in: "header", valid: "" },
        { name: "github-public-key-signature", in: "header", valid: "" },
        forwardedFor,
      ],
    },
    // next-auth: its pages and endpoints (sign-in itself is POST callback/credentials).
    {
      route: "/api/auth/[...nextauth]",
      method: "GET",
      path: "/api/auth/[nextauth]",
      credentials: ["session"],
      inputs: [{ name: "nextauth", in: "path", valid: "session" }],
    },
    {
      route: "/api/auth/[...nextauth]",
      method: "GET",
      path: "/api/auth/signin",
      credentials: ["session"],
      inputs: [
        { name: "callbackUrl", in: "query", valid: "%2Fsettings%2Fapi" },
        { name: "error", in: "query", valid: "CredentialsSignin" },
      ],
    },
    {
      route: "/api/auth/[...nextauth]",
      method: "POST",
      path: "/api/auth/callback/credentials",
      credentials: ["session"],
      // The csrf token and its cookie come from the context (the spec fetches them first).
      inputs: [
        { name: "email", in: "form", valid: "nobody%40e2e-inputs.test" },
        // Empty: refused before the password hash is computed, so only the password's own cases pay for one.
        { name: "password", in: "form", valid: "" },
        { name: "csrfToken", in: "form", valid: "" },
        { name: "callbackUrl", in: "form", valid: "%2Fsettings%2Fapi" },
        forwardedFor,
      ],
    },
    // Pages and the CSV export (the session).
    { route: "/", method: "GET", credentials: ["session"], inputs: [] },
    {
      route: "/login",
      method: "GET",
      credentials: ["session"],
      inputs: [
        { name: "callbackUrl", in: "query", valid: "%2Fsettings%2Fapi" },
        { name: "error", in: "query", valid: "CredentialsSignin" },
      ],
    },
    { route: "/docs/api", method: "GET", credentials: [], inputs: [] },
    {
      route: "/settings/api",
      method: "GET",
      credentials: ["session"],
      inputs: [{ name: "activityKey", in: "query", valid: values.keyId }],
    },
    {
      route: "/settings/api/activity.csv",
      method: "GET",
      credentials: ["session"],
      inputs: [{ name: "key", in: "query", valid: values.keyId }],
    },
    {
      route: "/settings/api/keys/[id]",
      method: "GET",
      credentials: ["session"],
      inputs: [{ name: "id", in: "path", valid: values.keyId }],
    },
    {
      route: "/settings/api/webhooks/[id]",
      method: "GET",
      credentials: ["session"],
      inputs: [{ name: "id", in: "path", valid: values.webhookEndpointId }],
    },
    // Server actions (the forms of Settings → API and the key page). An expiry no one can choose
    // keeps Create from creating a key whatever the name case is; the name is still checked.
    action("createApiKeyAction", "/settings/api", {
      name: "Hostile inputs",
      expiry: "not-a-choice",
      permissions: permissionsField("permissions"),
    }),
    action("renameApiKeyAction", "/settings/api", { keyId: NO_SUCH_ID, name: "Renamed" }),
    action("rollApiKeyAction", "/settings/api", { keyId: NO_SUCH_ID, grace: "1h" }),
    action("changeApiKeyExpiryAction", "/settings/api", { keyId: NO_SUCH_ID, expiry: "30" }),
    action("revokeApiKeyAction", "/settings/api", { keyId: NO_SUCH_ID }),
    action("dismissKeyLeakAction", "/settings/api", { leakId: NO_SUCH_ID }),
    action("dismissNetworkAlertAction", "/settings/api", { alertId: NO_SUCH_ID }),
    action("keepApiKeyAction", "/settings/api", { keyId: NO_SUCH_ID }),
    action("loadActivityPageAction", "/settings/api", { cursor: values.activityCursor, keyId: values.keyId }),
    action("setAllowedAddressesAction", `/settings/api/keys/${values.keyId}`, {
      keyId: NO_SUCH_ID,
      allowedAddresses: "192.0.2.1",
    }),
    action("changeApiKeyPermissionsAction", `/settings/api/keys/${values.keyId}`, {
      keyId: NO_SUCH_ID,
      permissions: permissionsField("permissions"),
    }),
    action("saveKeyPoliciesAction", "/settings/api", POLICY_FIELDS),
    // Webhooks: Add endpoint (Settings → API) and the endpoint page's actions. The valid URL's
    // scheme is refused, and the ids are no one's, so no case adds, changes or sends anything.
    action("addWebhookEndpointAction", "/settings/api", {
      url: "ftp://hooks.example.com/hostile",
      events: webhookEventsField,
    }),
    ...webhookEndpointActions(`/settings/api/webhooks/${values.webhookEndpointId}`),
  ];
}
