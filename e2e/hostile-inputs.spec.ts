import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect, request as playwrightRequest, test } from "@playwright/test";
import { signingKeyFromPem, startKeyListServer } from "../tests/secret-scanning";
import type { InputsFixtures } from "./fixtures/inputs";
import { loadFixtures } from "./fixtures/load";
import { inputSurface } from "./hostile-inputs";
import { type Case, type Contexts, casesOf, credentialSets, send } from "./hostile-requests";
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
  targets: fixtures.targets,
  activityCursor: Buffer.from(`${Date.now()}:${fixtures.keys[0].id}`).toString("base64url"),
  webhookEndpointId: fixtures.webhookEndpointId,
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
    let nextKey = 0;
    const apiKey = () => fixtures.keys[nextKey++ % fixtures.keys.length].key;
    const contexts: Contexts = { signedIn, signedOut, csrf, actions, apiKey, github, origin: baseURL };

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
