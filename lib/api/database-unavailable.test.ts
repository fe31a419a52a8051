import { afterAll, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(2));

import { GET as listCalls } from "@/app/api/v1/calls/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { generateApiKey } from "@/lib/api-keys/format";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { apiRequest, noParams, randomAddress } from "@/tests/api-helpers";
import { withUnreachableDatabase } from "@/tests/unreachable-database";
import { captureLogs } from "../log";
import { API_ERROR_MESSAGES } from "./errors";
import { UNKNOWN_KEYS_RULE } from "./failure-budget";

const deadClient = withUnreachableDatabase();
const logs = captureLogs();
afterAll(() => logs.stop());

describe("when the database is unreachable", () => {
  it("answers 503 service_unavailable for a well-formed key, with the rate-limit headers", async () => {
    const response = await getMe(apiRequest("/api/v1/me", { key: generateApiKey().key }), noParams);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { code: "service_unavailable", message: API_ERROR_MESSAGES.service_unavailable },
    });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-ratelimit-limit")).toBe("2");
    expect(logs.lines.find((line) => line.msg === "database unreachable")).toMatchObject({
      level: "error",
      method: "GET",
      path: "/api/v1/me",
      clientAddress: expect.stringMatching(/^10\.[\d.]+$/),
    });
  });

  it("refuses missing and malformed keys without the database, and bounds the lookups one address causes", async () => {
    expect((await getMe(apiRequest("/api/v1/me"), noParams)).status).toBe(401);
    expect((await getMe(apiRequest("/api/v1/me", { key: "glyk_nope" }), noParams)).status).toBe(401);
    // Lookups that could not say whether a key exists count toward the address's budget.
    const address = randomAddress();
    for (let i = 0; i < UNKNOWN_KEYS_RULE.requests - 1; i++) {
      expect(
        (await listCalls(apiRequest("/api/v1/calls", { key: generateApiKey().key, address }), noParams)).status,
      ).toBe(503);
    }
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await listCalls(apiRequest("/api/v1/calls", { key: generateApiKey().key, address }), noParams)).status,
      );
    }
    // The last reserved lookup, one read of the known hashes (then not retried for a while), 429s.
    expect(statuses).toEqual([503, 503, 429, 429, 429]);
  });

  it("recognises Prisma's connection errors, and nothing else", async () => {
    const failures = await Promise.allSettled([
      deadClient.apiKey.findUnique({ where: { hash: "x" } }),
      deadClient.$executeRaw`SELECT 1`,
      deadClient.$queryRawUnsafe("SELECT 1"),
    ]);
    for (const failure of failures) {
      expect(failure.status).toBe("rejected");
      if (failure.status === "rejected") expect(isDatabaseUnavailable(failure.reason)).toBe(true);
    }
    const refused = Object.assign(new Error("connect ECONNREFUSED 10.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(new Error("wrapped", { cause: refused }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(
      isDatabaseUnavailable({ code: "57P01", message: "terminating connection due to administrator command" }),
    ).toBe(true);

    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2002", message: "Unique constraint failed" })).toBe(false);
    expect(isDatabaseUnavailable({ code: "42P01", message: 'relation "x" does not exist' })).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
