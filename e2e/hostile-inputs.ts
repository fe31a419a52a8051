/**
 * What e2e/hostile-inputs.spec.ts sends: every route, page and server action of the app that
 * reads input, each input it reads, and the hostile values each input gets. A new route,
 * action or parameter is covered by adding it to inputSurface(); the spec fails while a route.ts
 * or page.tsx under app/, or a server action of the build, is missing from it (a route that
 * reads nothing is listed with no inputs: it still gets an unknown query parameter).
 */

/** What a request may carry besides its inputs; the spec sends each route with and without each. */
export type Credential = "session" | "apiKey" | "cronSecret" | "githubSignature";

export interface Input {
  name: string;
  /**
   * path: a dynamic segment of `path`, written `[name]`; form: a field of a urlencoded body;
   * action: a field of a server action's input object (raw text, not encoded); json: a field of
   * a JSON object body (its value as JSON text, or "" to leave the field out); body: the whole
   * body, replacing the JSON object when both are listed.
   */
  in: "path" | "query" | "header" | "form" | "body" | "json" | "action";
  /** What the input holds when another input is the hostile one (already URL-encoded for path/query/form). */
  valid: string;
  /** An action field that is not text: its valid value, sent as JSON instead of `valid`. */
  validJson?: unknown;
  /**
   * An action field's own hostile values, sent as JSON besides HOSTILE_VALUES (each as a string):
   * wrong types, unknown names, sizes. `answer` is what the action must answer: a clear refusal.
   */
  hostileJson?: { label: string; value: unknown; answer: RegExp }[];
}

export interface Endpoint {
  /** The route as app/ spells it, route groups dropped: "/api/v1/calls/[id]", "/settings/api". */
  route: string;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** The URL path with `[name]` for each path input; defaults to `route`. */
  path?: string;
  inputs: Input[];
  credentials: Credential[];
  /** A server action (its exported name), posted to `path` as the page's forms post it. */
  action?: string;
}

/** The valid values some inputs need, from the fixtures. */
interface SurfaceValues {
  callId: string;
  keyId: string;
  /** Keys of the inputs organization the management API's valid requests change (renamed, revoked, rolled). */
  targets: { patch: string; revoke: string; roll: string };
  /** A cursor of Activity's Show more that decodes (an instant and an id). */
  activityCursor: string;
}

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
  route: path.startsWith("/settings/api/keys/") ? "/settings/api/keys/[id]" : path,
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

/** The answer naming `field` with a message that starts with `message` (a server action's field error). */
const fieldError = (field: string, message: string): RegExp =>
  new RegExp(`"${field}":\\["${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);

/**
 * A key's permissions as the create and change forms send them (an array of names), and what
 * else a caller could send there. Each is refused with the field's own message, never a 5xx.
 */
const permissionsField = (field: string): Pick<Input, "validJson" | "hostileJson"> => ({
  validJson: ["calls:read"],
  hostileJson: [
    { label: "unknown permission", value: ["admin"], answer: fieldError(field, "Choose permissions from ") },
    { label: "a name, not a list", value: "calls:read", answer: fieldError(field, "Choose the key's permissions.") },
    { label: "no permission", value: [], answer: fieldError(field, "Choose at least one permission") },
    { label: "null", value: null, answer: fieldError(field, "Choose the key's permissions.") },
    { label: "an object", value: { 0: "calls:read" }, answer: fieldError(field, "Choose the key's permissions.") },
    { label: "nested list", value: [["calls:read"]], answer: fieldError(field, "Choose permissions from ") },
    { label: "a number", value: [1], answer: fieldError(field, "Choose permissions from ") },
    { label: "prototype key", value: ["__proto__"], answer: fieldError(field, "Choose permissions from ") },
    {
      label: "10,000 entries",
      value: Array.from({ length: 10_000 }, () => "calls:read"),
      answer: fieldError(field, 'Choose each permission once."]'),
    },
    {
      label: "10,000 unknown entries",
      value: Array.from({ length: 10_000 }, () => "admin"),
      // Unknown names are refused before the length is looked at.
      answer: fieldError(field, "Choose permissions from "),
    },
  ],
});

/**
 * Settings → API, Policies (owners only: the inputs fixture's user is an owner, so each value
 * reaches the parser). The valid values are "no policies", so no case changes anything.
 */
const policyChoice = (
  field: string,
  message: string,
  hostile: unknown[],
): Pick<Input, "validJson" | "hostileJson"> => ({
  validJson: "none",
  hostileJson: hostile.map((value) => ({ label: JSON.stringify(value), value, answer: fieldError(field, message) })),
});
const POLICY_FIELDS: Record<string, Pick<Input, "validJson" | "hostileJson">> = {
  maxKeyLifetimeDays: policyChoice("maxKeyLifetimeDays", "Choose a maximum key lifetime.", [90, "14", null, ["90"]]),
  requireAllowedAddressesForWrite: {
    validJson: false,
    hostileJson: ["true", 1, null, {}].map((value) => ({
      label: JSON.stringify(value),
      value,
      answer: fieldError(
        "requireAllowedAddressesForWrite",
        "Choose whether keys that can change keys need allowed addresses.",
      ),
    })),
  },
  expireUnusedAfterDays: policyChoice("expireUnusedAfterDays", "Choose after how long unused keys expire.", [
    30,
    "365",
    null,
  ]),
  defaultPermissions: permissionsField("defaultPermissions"),
  enforceFrom: {
    validJson: "",
    hostileJson: [
      ...["2027-02-30", "01/03/2027", "2027-03-01T00:00:00Z", "+002027-03-01"].map((value) => ({
        label: value,
        value,
        answer: fieldError("enforceFrom", "Enter the enforcement date as YYYY-MM-DD"),
      })),
      // Not text at all: refused, with zod's generic message (see the report on its schema).
      ...[20270301, null, ["2027-03-01"]].map((value) => ({
        label: JSON.stringify(value),
        value,
        answer: /"enforceFrom":\["[^"]+"\]/,
      })),
    ],
  },
};

const forwardedFor: Input = { name: "x-forwarded-for", in: "header", valid: "198.18.0.1" };
const requestIdHeader: Input = { name: "x-request-id", in: "header", valid: "hostile-inputs" };
const apiKeyHeader: Input = { name: "x-api-key", in: "header", valid: "" };
/** What every keyed /api/v1 route reads besides its own parameters. */
const keyedHeaders = [apiKeyHeader, requestIdHeader, forwardedFor];

/** A JSON body's fields; each also gets the wrong JSON types (JSON_VALUES), and a field no schema has. */
const jsonFields = (fields: Record<string, string>): Input[] => [
  { name: "body", in: "body", valid: "" },
  ...Object.entries(fields).map(([name, valid]): Input => ({ name, in: "json", valid })),
  { name: "unexpected", in: "json", valid: "" },
];
const keyId = (valid: string): Input => ({ name: "id", in: "path", valid });

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
  ];
}

/** One hostile value: `raw` as a string (headers, JSON), `encoded` as it goes into a URL or form. */
export interface HostileValue {
  label: string;
  encoded: string;
  /** Undefined when the value is bytes no string holds (invalid UTF-8). */
  raw?: string;
  /** Bytes of a request body, when they differ from raw's UTF-8. */
  bytes?: Buffer;
}

const text = (label: string, raw: string): HostileValue => ({ label, raw, encoded: encodeURIComponent(raw) });
const escapes = (label: string, encoded: string, bytes: number[]): HostileValue => ({
  label,
  encoded,
  bytes: Buffer.from(bytes),
});
/** A cursor as both of the app's cursors encode them: base64url of "<epoch ms>:<id>". */
const cursor = (label: string, payload: string): HostileValue =>
  text(label, Buffer.from(payload).toString("base64url"));

export const HOSTILE_VALUES: HostileValue[] = [
  text("empty", ""),
  text("NUL", "\u0000"),
  text("NUL inside", "cm\u0000abc"),
  text("control characters", "\u0001\u0007\u001b[31m\u007f"),
  text("CR LF", "a\r\nSet-Cookie: x=1"),
  text("tab and spaces", " \t "),
  text("C1 and bidi override", "\u0085\u202egnp.exe"),
  text("zero-width", "\u200b\u200d"),
  text("5,000 characters", "a".repeat(5_000)),
  text("5,000 multibyte", "é".repeat(5_000)),
  text("exponent", "1e3"),
  text("plus sign", "+5"),
  text("hex", "0x10"),
  text("leading space", " 7"),
  text("negative zero", "-0"),
  text("negative", "-1"),
  text("huge number", "99999999999999999999999"),
  text("NaN", "NaN"),
  text("year 0", "0000-01-01T00:00:00Z"),
  text("year -1", "-000001-01-01T00:00:00Z"),
  text("year 275760", "+275760-09-13T00:00:00Z"),
  text("last instant, sub-millisecond", "9999-12-31T23:59:59.9999Z"),
  text("February 30", "2026-02-30T00:00:00Z"),
  text("offset +99:99", "2026-12-01T00:00:00+99:99"),
  cursor("cursor year 33658", "999999999999999:cmabc"),
  cursor("cursor year 10000", `${Date.parse("+010000-01-01T00:00:00Z")}:cmabc`),
  cursor("cursor year 0", `${Date.parse("0000-01-01T00:00:00Z")}:cmabc`),
  cursor("cursor NaN", "NaN:cmabc"),
  cursor("cursor NUL id", "1:cm\u0000abc"),
  cursor("cursor JSON", JSON.stringify({ createdAt: "+033658-01-01T00:00:00Z", id: "cmabc" })),
  escapes("overlong NUL %C0%80", "%C0%80", [0xc0, 0x80]),
  escapes("%FF", "%FF", [0xff]),
  escapes("surrogate %ED%A0%80", "%ED%A0%80", [0xed, 0xa0, 0x80]),
  escapes("truncated %E2%82", "%E2%82", [0xe2, 0x82]),
  { label: "malformed escape", encoded: "%G1%", raw: "%G1%" },
  text("path traversal", "../../etc/passwd"),
  text("SQL", "' OR 1=1--"),
  text("markup", "<script>alert(1)</script>"),
  text("formula", "=1+2;x"),
];

/**
 * What a JSON field gets besides each hostile value as a string: every other JSON type, numbers
 * JSON allows but a schema should not (1e999 parses as Infinity), and prototype keys.
 */
export const JSON_VALUES: { label: string; json: string }[] = [
  { label: "null", json: "null" },
  { label: "true", json: "true" },
  { label: "zero", json: "0" },
  { label: "negative", json: "-1" },
  { label: "fraction", json: "3.5" },
  { label: "1e999", json: "1e999" },
  { label: "huge integer", json: "99999999999999999999999" },
  { label: "empty array", json: "[]" },
  { label: "array of null", json: "[null]" },
  { label: "array of 1,000 strings", json: JSON.stringify(Array.from({ length: 1_000 }, (_, index) => `${index}`)) },
  { label: "nested arrays", json: `${"[".repeat(500)}${"]".repeat(500)}` },
  { label: "empty object", json: "{}" },
  { label: "__proto__ object", json: '{"__proto__": {"admin": true}}' },
];

/** Whole bodies besides the hostile values: larger than the API reads (64 KB), and JSON of other shapes. */
export const BODY_VALUES: { label: string; text: string }[] = [
  { label: "100 KB JSON", text: JSON.stringify({ name: "a".repeat(100_000) }) },
  { label: "2 MB JSON", text: JSON.stringify({ name: "a".repeat(2_000_000) }) },
  { label: "truncated JSON", text: '{"name": "Hostile' },
  { label: "JSON null", text: "null" },
  { label: "JSON array", text: "[]" },
  { label: "JSON string", text: '"name"' },
  { label: "duplicate keys", text: '{"name": "a", "name": 5}' },
  { label: "__proto__ key", text: '{"__proto__": {"name": "Hostile"}, "constructor": {"prototype": {}}}' },
];

/** The values that are also sent twice, with the valid value before and after them. */
export const DUPLICATED: string[] = ["NUL", "5,000 characters", "cursor year 33658", "%FF"];
