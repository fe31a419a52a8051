import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { apiFixtures, apiGet, randomAddress } from "./api-helpers";

/**
 * X-Request-Id over HTTP: a caller's safe id comes back on every kind of API answer and is the
 * id of the request's log line, so a developer quoting it to support points at one line; an id
 * that is not a safe token is replaced, never echoed.
 */
const fixtures = apiFixtures();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const serverLog = () => readFileSync(process.env.E2E_SERVER_LOG ?? "", "utf8");
const safeId = () => `support-case.${randomBytes(6).toString("hex")}`;

test("a safe X-Request-Id comes back on every API answer, and names the request's log line", async ({ request }) => {
  const address = randomAddress();
  const { key } = fixtures.keys.me;
  const answers = [
    { path: "/api/v1/me", key, status: 200 },
    { path: "/api/v1/me", status: 401 },
    { path: "/api/v1/no-such-endpoint", key, status: 404 },
    { path: "/api/v1/openapi.json", status: 200 },
    { path: "/api/health", status: 200 },
  ];
  const ids: string[] = [];
  for (const answer of answers) {
    const id = safeId();
    ids.push(id);
    const response = await apiGet(request, answer.path, { key: answer.key, address, headers: { "x-request-id": id } });
    expect(response.status(), answer.path).toBe(answer.status);
    expect(response.headers()["x-request-id"], answer.path).toBe(id);
  }
  const refused = await request.post("/api/v1/me", { headers: { "x-request-id": ids[0].replace(/.$/, "x") } });
  expect(refused.status()).toBe(405);
  expect(refused.headers()["x-request-id"]).toBe(ids[0].replace(/.$/, "x"));

  // The keyed request's line carries the same id (lines are written just after the response).
  await expect.poll(serverLog).toContain(`"requestId":"${ids[0]}"`);
  const line = serverLog()
    .split("\n")
    .find((each) => each.includes(`"requestId":"${ids[0]}"`));
  expect(JSON.parse(line ?? "{}")).toMatchObject({
    msg: "api request",
    route: "/api/v1/me",
    status: 200,
    keyId: fixtures.keys.me.id,
    clientAddress: address,
  });
});

test("an X-Request-Id that is not a safe token is replaced by a new id, never echoed", async ({ request }) => {
  const address = randomAddress();
  for (const unsafe of ["has spaces in it", "x".repeat(129), 'quote"and<tag>', "semi;colon"]) {
    const response = await apiGet(request, "/api/v1/me", {
      key: fixtures.keys.me.key,
      address,
      headers: { "x-request-id": unsafe },
    });
    expect(response.status()).toBe(200);
    const id = response.headers()["x-request-id"];
    expect(id, unsafe).toMatch(UUID);
    expect(id).not.toBe(unsafe);
  }
});
