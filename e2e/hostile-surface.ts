/** The shapes of the input surface (e2e/hostile-inputs.ts) and the inputs many endpoints share. */

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
export interface SurfaceValues {
  callId: string;
  keyId: string;
  /** Keys of the inputs organization the management API's valid requests change (renamed, revoked, rolled). */
  targets: { patch: string; revoke: string; roll: string };
  /** A cursor of Activity's Show more that decodes (an instant and an id). */
  activityCursor: string;
  /** A webhook endpoint of the inputs organization (its page's id). */
  webhookEndpointId: string;
}

export const forwardedFor: Input = { name: "x-forwarded-for", in: "header", valid: "198.18.0.1" };
export const requestIdHeader: Input = { name: "x-request-id", in: "header", valid: "hostile-inputs" };
export const apiKeyHeader: Input = { name: "x-api-key", in: "header", valid: "" };
/** What every keyed /api/v1 route reads besides its own parameters. */
export const keyedHeaders = [apiKeyHeader, requestIdHeader, forwardedFor];

/** A JSON body's fields; each also gets the wrong JSON types (JSON_VALUES), and a field no schema has. */
export const jsonFields = (fields: Record<string, string>): Input[] => [
  { name: "body", in: "body", valid: "" },
  ...Object.entries(fields).map(([name, valid]): Input => ({ name, in: "json", valid })),
  { name: "unexpected", in: "json", valid: "" },
];
export const keyId = (valid: string): Input => ({ name: "id", in: "path", valid });
