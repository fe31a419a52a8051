import { describe, expect, it, vi } from "vitest";

const SECRET = "cron-secret-for-the-tests-0123456789";
vi.hoisted(() => {
  process.env.CRON_SECRET = "cron-secret-for-the-tests-0123456789";
});

import * as cronRoute from "@/app/api/cron/[job]/route";
import { authorizeCron } from "./cron-auth";

function cron(job: string, authorization?: string) {
  const headers = authorization === undefined ? undefined : { authorization };
  return cronRoute.GET(new Request(`http://localhost/api/cron/${job}`, { headers }), {
    params: Promise.resolve({ job }),
  });
}

describe("GET /api/cron/[job]", () => {
  it("refuses a call without the bearer secret, or with a wrong one, with 401 JSON", async () => {
    for (const authorization of [undefined, "", SECRET, `Basic ${SECRET}`, "Bearer wrong", `Bearer ${SECRET}x`]) {
      const response = await cron("retention", authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect((await response.json()).error.code).toBe("unauthorized");
    }
  });

  it("runs the job with the right secret and returns its summary", async () => {
    const response = await cron("retention", `Bearer ${SECRET}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      job: "retention",
      apiKeyUsage: { deleted: 0 },
      auditEvent: { deleted: 0 },
      complete: true,
    });
  });

  it("answers 200 for every job that ran, whatever its summary counts (a job's own `failed: 0` is no failure)", async () => {
    const { JOB_NAMES } = await import("./registry");
    for (const job of JOB_NAMES) {
      const response = await cron(job, `Bearer ${SECRET}`);
      const body = await response.json();
      expect(response.status, `${job}: ${JSON.stringify(body)}`).toBe(200);
      expect(body.job).toBe(job);
    }
  });

  it("answers 404 for an unknown job — only to a caller with the secret", async () => {
    for (const job of ["nope", "__proto__", "constructor", "x".repeat(500)]) {
      const response = await cron(job, `Bearer ${SECRET}`);
      expect(response.status, job.slice(0, 20)).toBe(404);
      expect((await response.json()).error.code).toBe("not_found");
    }
    expect((await cron("nope")).status).toBe(401);
  });

  it("accepts nothing when CRON_SECRET is not set, and says so", async () => {
    expect(authorizeCron(`Bearer ${SECRET}`, undefined)).toBe("not_configured");
    expect(authorizeCron("Bearer ", "")).toBe("not_configured");
    vi.resetModules();
    vi.stubEnv("CRON_SECRET", "");
    try {
      const { cronResponse } = await import("./cron");
      const response = await cronResponse(`Bearer ${SECRET}`, "retention");
      expect(response.status).toBe(503);
      expect((await response.json()).error.message).toContain("CRON_SECRET is not set");
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
