import { describe, expect, it } from "vitest";
import * as readyRoute from "@/app/api/health/ready/route";
import * as liveRoute from "@/app/api/health/route";
import { withUnreachableDatabase } from "@/tests/unreachable-database";
import { CHECK_TIMEOUT_MS, checkDatabase } from "./checks";

withUnreachableDatabase();

describe("health checks with the database down", () => {
  it("readiness answers 503 naming the database, without internals; liveness stays 200", async () => {
    const response = await readyRoute.GET(new Request("http://localhost/api/health/ready"), {});
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      status: "unavailable",
      checks: {
        database: { status: "unavailable", ms: expect.any(Number) },
        rateLimit: { status: "ok", backend: "memory", ms: 0 },
      },
    });
    expect(text).not.toMatch(/postgres|127\.0\.0\.1|ECONNREFUSED|prisma|error/i);
    expect((await liveRoute.GET(new Request("http://localhost/api/health"), {})).status).toBe(200);
  });

  it("bounds the check by its timeout", async () => {
    const result = await checkDatabase(200);
    expect(result.status).toBe("unavailable");
    expect(result.ms).toBeLessThan(CHECK_TIMEOUT_MS + 200);
  });
});
