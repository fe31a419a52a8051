import type { APIRequestContext, APIResponse } from "@playwright/test";
import { type SigningKey, signBody } from "../tests/secret-scanning";
import { randomAddress } from "./api-helpers";
import type { Credential, Endpoint, Input } from "./hostile-surface";
import { BODY_VALUES, DUPLICATED, HOSTILE_VALUES, type HostileValue, JSON_VALUES } from "./hostile-values";

/**
 * The requests of e2e/hostile-inputs.spec.ts: for an endpoint of the input surface
 * (e2e/hostile-inputs.ts), each hostile value in each of its inputs, under each set of its
 * credentials, and how one such case is sent.
 */

/** Header values must be visible ASCII (a client cannot send NUL or a line break in one). */
const headerSafe = (value: HostileValue): value is HostileValue & { raw: string } =>
  value.raw !== undefined && /^[\t\x20-\x7e]*$/.test(value.raw);

export interface Case {
  endpoint: Endpoint;
  present: Set<Credential>;
  input: Input;
  /** The hostile value, or a duplicated parameter. */
  label: string;
  /** Query/form/path: encoded text; header: raw text; json: JSON text; body: bytes. */
  value: string | Buffer;
  /** For query and form inputs: send the parameter twice, the valid value first or last. */
  duplicate?: "valid first" | "valid last";
  /** An action field's own hostile value (Input.hostileJson), sent as JSON instead of `value`. */
  json?: { value: unknown; answer: RegExp };
}

export function casesOf(endpoint: Endpoint, present: Set<Credential>): Case[] {
  const cases: Case[] = [];
  // A route that reads nothing still gets an unknown parameter: what it ignores must stay ignored.
  const inputs = endpoint.inputs.length > 0 ? endpoint.inputs : [{ name: "x", in: "query", valid: "1" } as Input];
  for (const input of inputs) {
    for (const { label, value, answer } of input.hostileJson ?? []) {
      cases.push({ endpoint, present, input, label, value: "", json: { value, answer } });
    }
    for (const value of HOSTILE_VALUES) {
      if (input.in === "action") {
        if (value.raw !== undefined) cases.push({ endpoint, present, input, label: value.label, value: value.raw });
      } else if (input.in === "json") {
        if (value.raw !== undefined) {
          cases.push({ endpoint, present, input, label: value.label, value: JSON.stringify(value.raw) });
        }
      } else if (input.in === "header") {
        if (headerSafe(value)) cases.push({ endpoint, present, input, label: value.label, value: value.raw });
      } else if (input.in === "body") {
        cases.push({
          endpoint,
          present,
          input,
          label: value.label,
          value: value.bytes ?? Buffer.from(value.raw ?? ""),
        });
        // The same value in each field of an alert, as JSON.
        if (value.raw !== undefined) {
          const alert = JSON.stringify([{ token: value.raw, type: value.raw, url: value.raw, source: value.raw }]);
          cases.push({ endpoint, present, input, label: `${value.label} in an alert`, value: Buffer.from(alert) });
        }
      } else {
        cases.push({ endpoint, present, input, label: value.label, value: value.encoded });
        if ((input.in === "query" || input.in === "form") && DUPLICATED.includes(value.label)) {
          for (const duplicate of ["valid first", "valid last"] as const) {
            cases.push({ endpoint, present, input, label: `${value.label}, twice`, value: value.encoded, duplicate });
          }
        }
      }
    }
    if (input.in === "json") {
      for (const { label, json } of JSON_VALUES) cases.push({ endpoint, present, input, label, value: json });
    }
    if (input.in === "body") {
      for (const { label, text } of BODY_VALUES)
        cases.push({ endpoint, present, input, label, value: Buffer.from(text) });
    }
  }
  return cases;
}

/** A JSON object of the endpoint's json inputs: each valid one that is not left out, and the hostile one. */
function jsonObject(endpoint: Endpoint, testCase: Case): string {
  const fields = endpoint.inputs
    .filter((each) => each.in === "json")
    .map((each) => [each.name, each === testCase.input ? String(testCase.value) : each.valid])
    .filter(([, json]) => json !== "");
  return `{${fields.map(([name, json]) => `${JSON.stringify(name)}: ${json}`).join(", ")}}`;
}

/** Every subset of the endpoint's credentials: each one present and absent. */
export function credentialSets(endpoint: Endpoint): Set<Credential>[] {
  let sets: Credential[][] = [[]];
  for (const credential of endpoint.credentials) sets = sets.flatMap((set) => [set, [...set, credential]]);
  return sets.map((set) => new Set(set));
}

export interface Contexts {
  signedIn: APIRequestContext;
  signedOut: APIRequestContext;
  csrf: Map<APIRequestContext, string>;
  actions: Map<string, string>;
  /** A valid API key, each call the next of several (a key's rate limit is not the point). */
  apiKey: () => string;
  /** GitHub's signing key, as the server's key list serves it. */
  github: SigningKey;
  /** The server's origin, which an action's post must name. */
  origin: string;
}

export async function send(contexts: Contexts, testCase: Case): Promise<{ url: string; response: APIResponse }> {
  const { endpoint, present, input } = testCase;
  const context = present.has("session") ? contexts.signedIn : contexts.signedOut;
  const headers: Record<string, string> = { "x-forwarded-for": randomAddress() };
  if (present.has("apiKey")) headers["x-api-key"] = contexts.apiKey();
  if (present.has("cronSecret")) headers.authorization = `Bearer ${process.env.E2E_CRON_SECRET ?? ""}`;

  const value = (other: Input) => {
    if (other !== input) return other.name === "csrfToken" ? (contexts.csrf.get(context) ?? "") : other.valid;
    return testCase.value;
  };
  let urlPath = endpoint.path ?? endpoint.route;
  for (const other of endpoint.inputs.filter((each) => each.in === "path")) {
    urlPath = urlPath.replace(`[${other.name}]`, String(value(other)));
  }
  const pairs = (place: Input["in"]) => {
    const listed = endpoint.inputs.length > 0 ? endpoint.inputs : [input];
    const parts: string[] = [];
    for (const other of listed.filter((each) => each.in === place)) {
      const own = `${other.name}=${value(other)}`;
      if (other === input && testCase.duplicate === "valid first") parts.push(`${other.name}=${other.valid}`, own);
      else if (other === input && testCase.duplicate === "valid last") parts.push(own, `${other.name}=${other.valid}`);
      else parts.push(own);
    }
    return parts.join("&");
  };
  const query = pairs("query");
  const url = `${urlPath}${query ? `?${query}` : ""}`;

  let body: string | Buffer | undefined;
  if (endpoint.inputs.some((each) => each.in === "form")) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = pairs("form");
  }
  const bodyInput = endpoint.inputs.find((each) => each.in === "body");
  const jsonInputs = endpoint.inputs.some((each) => each.in === "json");
  if (bodyInput) {
    headers["content-type"] = "application/json";
    if (bodyInput === input) body = testCase.value as Buffer;
    else body = Buffer.from(jsonInputs ? jsonObject(endpoint, testCase) : bodyInput.valid);
    if (present.has("githubSignature")) {
      headers["github-public-key-identifier"] = contexts.github.identifier;
      headers["github-public-key-signature"] = signBody(body, contexts.github);
    }
  }
  for (const other of endpoint.inputs.filter((each) => each.in === "header")) {
    if (other === input) headers[other.name] = String(testCase.value);
    else if (other.valid && !(other.name in headers)) headers[other.name] = other.valid;
  }
  if (endpoint.action) {
    // As React posts a form's action: the id in Next-Action, the arguments as JSON, same origin.
    headers["next-action"] = contexts.actions.get(endpoint.action) ?? "";
    headers["content-type"] = "text/plain;charset=UTF-8";
    headers.origin = contexts.origin;
    const field = (each: Input) => {
      if (each === input) return testCase.json ? testCase.json.value : String(testCase.value);
      return each.validJson ?? each.valid;
    };
    const fields = Object.fromEntries(endpoint.inputs.map((each) => [each.name, field(each)]));
    body = JSON.stringify([fields]);
  }
  const options = { headers, maxRedirects: 0, failOnStatusCode: false, timeout: 30_000 };
  const once = () =>
    endpoint.method === "GET"
      ? context.get(url, options)
      : endpoint.method === "DELETE"
        ? context.delete(url, options)
        : context.fetch(url, { ...options, method: endpoint.method, data: body ?? "" });
  try {
    return { url, response: await once() };
  } catch (error) {
    // A kept-alive connection the server closed as idle just as the client reused it: the request
    // never reached the app (a crash would fail every later request, and the server log is
    // checked for errors). Sent again once, on a fresh connection.
    if (!/ECONNRESET|socket hang up|EPIPE/.test(String(error))) throw error;
    return { url, response: await once() };
  }
}
