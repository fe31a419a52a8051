import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, type APIResponse, expect, request as playwrightRequest, test } from "@playwright/test";
import { type SigningKey, signBody, signingKeyFromPem, startKeyListServer } from "../tests/secret-scanning";
import { randomAddress } from "./api-helpers";
import type { InputsFixtures } from "./fixtures/inputs";
import { loadFixtures } from "./fixtures/load";
import {
  type Credential,
  DUPLICATED,
  type Endpoint,
  HOSTILE_VALUES,
  type HostileValue,
  type Input,
  inputSurface,
} from "./hostile-inputs";
import { storageStateOf } from "./signed-in";

/**
 * No 500 for any input: every route, page and server action that reads input (e2e/hostile-inputs.ts) gets, in
 * each of its inputs, every hostile value — NUL and control characters, 5,000 characters,
 * non-canonical numbers, extreme and malformed instants, cursors that decode to extreme
 * instants, invalid UTF-8 escapes, duplicated parameters — with and without each credential it
 * reads (an admin's session, a valid API key, the cron secret, GitHub's signature). No answer
 * may be a 5xx, show an error page or a stack trace, and the server's log may show no database
 * error (a streamed page answers 200 before its data fails: only the log tells); an action may
 * not answer internal_error. The list must name every route.ts and page.tsx under app/ and every
 * server action of the build (.next/server/server-reference-manifest.json).
 */
const fixtures = loadFixtures<InputsFixtures>("inputs");
const baseURL = process.env.E2E_BASE_URL ?? "http://127.0.0.1:3100";
const serverPort = Number(new URL(baseURL).port);
const surface = inputSurface({
  callId: fixtures.callId,
  keyId: fixtures.keys[0].id,
  activityCursor: Buffer.from(`${Date.now()}:${fixtures.keys[0].id}`).toString("base64url"),
});

/** The build's server actions, by exported name → action id (what the page's forms send as Next-Action). */
function buildActions(): Map<string, string> {
  const manifest = JSON.parse(
    readFileSync(path.join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName: string }> };
  return new Map(Object.entries(manifest.node).map(([id, entry]) => [entry.exportedName, id]));
}
const github = signingKeyFromPem(fixtures.githubSigningKey);

/** route.ts and page.tsx files under app/, as routes: "/api/v1/calls/[id]" (route groups dropped). */
function appRoutes(): string[] {
  const routes: string[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        walk(path.join(dir, entry.name), /^\(.*\)$/.test(entry.name) ? segments : [...segments, entry.name]);
      } else if (/^(route|page)\.(ts|tsx|js|jsx)$/.test(entry.name)) {
        routes.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(path.join(process.cwd(), "app"), []);
  return [...new Set(routes)].sort();
}

/** Header values must be visible ASCII (a client cannot send NUL or a line break in one). */
const headerSafe = (value: HostileValue): value is HostileValue & { raw: string } =>
  value.raw !== undefined && /^[\t\x20-\x7e]*$/.test(value.raw);

interface Case {
  endpoint: Endpoint;
  present: Set<Credential>;
  input: Input;
  /** The hostile value, or a duplicated parameter. */
  label: string;
  /** Query/form/path: encoded text; header: raw text; body: bytes. */
  value: string | Buffer;
  /** For query and form inputs: send the parameter twice, the valid value first or last. */
  duplicate?: "valid first" | "valid last";
  /** An action field's own hostile value (Input.hostileJson), sent as JSON instead of `value`. */
  json?: { value: unknown; answer: RegExp };
}

function casesOf(endpoint: Endpoint, present: Set<Credential>): Case[] {
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
  }
  return cases;
}

/** Every subset of the endpoint's credentials: each one present and absent. */
function credentialSets(endpoint: Endpoint): Set<Credential>[] {
  let sets: Credential[][] = [[]];
  for (const credential of endpoint.credentials) sets = sets.flatMap((set) => [set, [...set, credential]]);
  return sets.map((set) => new Set(set));
}

interface Contexts {
  signedIn: APIRequestContext;
  signedOut: APIRequestContext;
  csrf: Map<APIRequestContext, string>;
  actions: Map<string, string>;
}

let nextKey = 0;
const keyInTurn = () => fixtures.keys[nextKey++ % fixtures.keys.length].key;

async function send(contexts: Contexts, testCase: Case): Promise<{ url: string; response: APIResponse }> {
  const { endpoint, present, input } = testCase;
  const context = present.has("session") ? contexts.signedIn : contexts.signedOut;
  const headers: Record<string, string> = { "x-forwarded-for": randomAddress() };
  if (present.has("apiKey")) headers["x-api-key"] = keyInTurn();
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
  if (bodyInput) {
    headers["content-type"] = "application/json";
    body = bodyInput === input ? (testCase.value as Buffer) : Buffer.from(bodyInput.valid);
    if (present.has("githubSignature")) {
      headers["github-public-key-identifier"] = github.identifier;
      headers["github-public-key-signature"] = signBody(body, github as SigningKey);
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
    headers.origin = baseURL;
    const field = (each: Input) => {
      if (each === input) return testCase.json ? testCase.json.value : String(testCase.value);
      return each.validJson ?? each.valid;
    };
    const fields = Object.fromEntries(endpoint.inputs.map((each) => [each.name, field(each)]));
    body = JSON.stringify([fields]);
  }
  const options = { headers, maxRedirects: 0, failOnStatusCode: false, timeout: 30_000 };
  const response =
    endpoint.method === "GET"
      ? await context.get(url, options)
      : await context.post(url, { ...options, data: body ?? "" });
  return { url, response };
}

/**
 * Lines of the server's log that show a database error, an unhandled one (Next's "⨯"), or a
 * stack trace on stderr (next-auth wrote one, with the request's text, per bad callbackUrl).
 */
const ERROR_IN_LOG =
  /invalid byte sequence|invalid input syntax|out of range|date\/time field|time zone displacement|PrismaClient|DriverAdapterError|prisma:error|"code":"(?:22|23|42)[0-9A-Z]{3}"|syntax error at|⨯|^\s+at \S.*:\d+:\d+\)?$|\[next-auth\]\[error\]/i;
/** What a page shows when it failed (its error boundary), and stack frames or database words anywhere. */
const ERROR_PAGE = /couldn(?:'|&#x27;|&#39;|\\u0027)t load/;
const FAILURE_IN_BODY = /\n\s+at \S+ \(|PrismaClient|invalid byte sequence/;
/** A server action's answer when its handler threw (it answers 200 either way). */
const ACTION_FAILED = /"code":"internal_error"/;

test("no input makes any route or page answer 5xx, fail, or log a database error", async () => {
  test.setTimeout(300_000);
  const missing = appRoutes().filter((route) => !surface.some((endpoint) => endpoint.route === route));
  expect(missing, "routes under app/ that e2e/hostile-inputs.ts does not list").toEqual([]);
  const stale = surface.filter((endpoint) => !appRoutes().includes(endpoint.route)).map((endpoint) => endpoint.route);
  expect(stale, "routes e2e/hostile-inputs.ts lists that app/ no longer has").toEqual([]);
  const actions = buildActions();
  const listedActions = surface.flatMap((endpoint) => (endpoint.action ? [endpoint.action] : []));
  expect([...actions.keys()].sort(), "the build's server actions, each listed in e2e/hostile-inputs.ts").toEqual(
    listedActions.sort(),
  );

  const logFile = process.env.E2E_SERVER_LOG ?? "";
  expect(logFile, "scripts/test.mjs passes the server log's path").toBeTruthy();
  expect(process.env.E2E_CRON_SECRET, "scripts/test.mjs passes the cron secret").toBeTruthy();
  const logStart = statSync(logFile).size;

  const signedIn = await playwrightRequest.newContext({ baseURL, storageState: storageStateOf(fixtures.adminEmail) });
  const signedOut = await playwrightRequest.newContext({ baseURL });
  try {
    const csrf = new Map<APIRequestContext, string>();
    for (const context of [signedIn, signedOut]) {
      csrf.set(context, (await (await context.get("/api/auth/csrf")).json()).csrfToken);
    }
    const session = await (await signedIn.get("/api/auth/session")).json();
    expect(session?.user?.email, "the admin's saved session is valid").toBe(fixtures.adminEmail);
    const contexts = { signedIn, signedOut, csrf, actions };

    const all = surface.flatMap((endpoint) => credentialSets(endpoint).flatMap((set) => casesOf(endpoint, set)));
    const failures: string[] = [];
    let sent = 0;
    const timings = new Map<string, number>();
    const reachedActions = new Set<string>();
    const started = Date.now();
    let cases: Case[] = [];
    const worker = async () => {
      for (let testCase = cases.shift(); testCase; testCase = cases.shift()) {
        const sentAt = performance.now();
        let answer = await send(contexts, testCase);
        // A keyed request refused by its key's rate limit never reached the input: again, with another key.
        for (let retry = 0; answer.response.status() === 429 && testCase.present.has("apiKey") && retry < 5; retry++) {
          await new Promise((resolve) => setTimeout(resolve, 500 * (retry + 1)));
          answer = await send(contexts, testCase);
        }
        sent++;
        const name = `${testCase.endpoint.method} ${testCase.endpoint.path ?? testCase.endpoint.route}`;
        timings.set(name, (timings.get(name) ?? 0) + (performance.now() - sentAt));
        const status = answer.response.status();
        const body = await answer.response.text();
        const who = [...testCase.present].join("+") || "no credentials";
        const where = `${testCase.endpoint.method} ${answer.url.slice(0, 160)} [${testCase.input.in} ${testCase.input.name}: ${testCase.label}${testCase.duplicate ? `, ${testCase.duplicate}` : ""}; ${who}]`;
        if (status >= 500) failures.push(`${status} ${where}: ${body.slice(0, 200)}`);
        else if (status === 429 && testCase.present.has("apiKey")) failures.push(`still rate-limited: ${where}`);
        else if (FAILURE_IN_BODY.test(body)) failures.push(`${status} with a failure in its body: ${where}`);
        else if (testCase.endpoint.action && ACTION_FAILED.test(body)) failures.push(`action failed: ${where}`);
        else if (testCase.json && testCase.present.has("session") && !testCase.json.answer.test(body)) {
          failures.push(`not refused with ${testCase.json.answer}: ${where}: ${body.slice(0, 200)}`);
        }
        // An action's own answer ({ ok, code, … }), not Next's refusal of the post: the case reached it.
        if (testCase.endpoint.action && /"ok":(?:true|false)/.test(body)) reachedActions.add(testCase.endpoint.action);
        else if (answer.response.headers()["content-type"]?.includes("text/html") && ERROR_PAGE.test(body)) {
          failures.push(`${status} showing an error page: ${where}`);
        }
      }
    };
    const run = async (batch: Case[]) => {
      cases = batch;
      await Promise.all(Array.from({ length: 6 }, worker));
    };
    const signed = (testCase: Case) => testCase.endpoint.credentials.includes("githubSignature");
    await run(all.filter((testCase) => !signed(testCase)));
    // GitHub's key list, served on the port the server reads it from only while the alerts are
    // sent: e2e/leaks.spec.ts serves the same key there and waits for the port meanwhile.
    const keyList = await startKeyListServer([github], serverPort + 1);
    try {
      await run(all.filter(signed));
    } finally {
      await keyList.stop();
    }
    const slowest = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 6);
    console.log(
      `hostile inputs: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; most time: ${slowest.map(([name, ms]) => `${name} ${(ms / 1000).toFixed(1)} s`).join(", ")}`,
    );
    expect([...reachedActions].sort(), "every action answered as itself (the posts are well formed)").toEqual(
      listedActions.sort(),
    );
    // Page errors and action lines are written as they happen; give the last ones a moment. A
    // streamed page (Settings → API) has answered 200 before its data failed: only the log tells.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const log = readFileSync(logFile).subarray(logStart).toString("utf8");
    const logErrors = log.split("\n").filter((line) => ERROR_IN_LOG.test(line));
    expect(
      { failures, logErrors },
      [...failures.slice(0, 30), ...logErrors.slice(0, 20).map((line) => `log: ${line.slice(0, 300)}`)].join("\n"),
    ).toEqual({ failures: [], logErrors: [] });
  } finally {
    await signedIn.dispose();
    await signedOut.dispose();
  }
});

test("a path escape that is not UTF-8 gets a 400 that says so, on API routes and pages (Next answered 500)", async () => {
  const signedIn = await playwrightRequest.newContext({ baseURL, storageState: storageStateOf(fixtures.adminEmail) });
  try {
    const options = {
      maxRedirects: 0,
      headers: { "x-api-key": fixtures.keys[1].key, "x-request-id": "malformed-path" },
    };
    for (const path of ["/api/v1/calls/%FF", "/api/v1/%C0%80", "/api/cron/%E2%82", "/api/auth/%G1%"]) {
      const response = await signedIn.get(path, options);
      expect(response.status(), path).toBe(400);
      expect(response.headers()["x-request-id"], path).toBe("malformed-path");
      expect((await response.json()).error, path).toEqual({
        code: "bad_request",
        message: expect.stringContaining("not valid UTF-8"),
      });
    }
    const page = await signedIn.get("/settings/api/keys/%ED%A0%80", options);
    expect(page.status()).toBe(400);
    expect(await page.text()).toContain("not valid UTF-8");
    // Escapes that decode still reach their route: a NUL id is the call route's own 404.
    const nul = await signedIn.get(`/api/v1/calls/%00`, options);
    expect(nul.status()).toBe(404);
    expect((await nul.json()).error.code).toBe("not_found");
    expect((await signedIn.get("/settings/api/keys/%C3%A9", options)).status()).toBe(404);
  } finally {
    await signedIn.dispose();
  }
});
