import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { createMember, createOrganization } from "@/tests/factories";
import { requestSinks } from "@/tests/request-sinks";
import { createApiKey } from "../api-keys/commands/create";
import type { RecordedRequest } from "./records";

/**
 * The two RequestSinks behind recorder.ts (one chosen per process) against real Postgres and a
 * real Redis (through the local Upstash REST bridge): the same requests recorded through either
 * end as the same rows, and each answers the recorder's questions as its mode requires.
 */
const sinks = requestSinks();

async function newKey() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  return (await createApiKey({ organizationId: org.id, userId: admin.id, name: "Sink" })).summary.id;
}

const request = (keyId: string, status: number, at: number): RecordedRequest => ({
  keyId,
  at,
  method: "GET",
  path: "/api/v1/me",
  status,
  clientAddress: "192.0.2.7",
  userAgent: "sink-test",
  durationMs: 4,
});

async function stored(keyId: string) {
  const usage = await db.apiKeyUsage.findMany({ where: { apiKeyId: keyId } });
  const requests = await db.apiRequest.findMany({ where: { apiKeyId: keyId }, orderBy: { status: "asc" } });
  return {
    usage: usage.map(({ requests, rateLimited, clientErrors, serverErrors }) => ({
      requests,
      rateLimited,
      clientErrors,
      serverErrors,
    })),
    requests: requests.map(({ status, path, userAgent }) => ({ status, path, userAgent })),
  };
}

describe.each(sinks)("%s sink", (backend, make) => {
  it("moves what it recorded to Postgres on flush, the same rows whichever sink", async () => {
    const sink = make();
    expect(sink.backend).toBe(backend);
    sink.reset(Date.now());
    const keyId = await newKey();
    const at = Date.now();
    const writes = [200, 429, 404, 503].map((status) => sink.record(request(keyId, status, at)));
    // Memory does no I/O per request; Upstash hands the Redis write to the caller's after().
    expect(writes.every((write) => (backend === "memory" ? write === undefined : typeof write === "function"))).toBe(
      true,
    );
    for (const write of writes) await write?.();
    await sink.flush();
    expect(await stored(keyId)).toEqual({
      usage: [{ requests: 4, rateLimited: 1, clientErrors: 1, serverErrors: 1 }],
      requests: [200, 404, 429, 503].map((status) => ({ status, path: "/api/v1/me", userAgent: "sink-test" })),
    });
    expect(sink.pending()).toEqual({ countRows: 0, requests: 0 });
  });

  it("answers the recorder's scheduling questions as its mode requires", async () => {
    const sink = make();
    const start = Date.now();
    sink.reset(start - 60_000); // the last flush was long ago
    const keyId = await newKey();
    await sink.record(request(keyId, 200, start))?.();
    if (backend === "memory") {
      // Held here: due for a flush, and written at shutdown.
      expect(sink.pending()).toEqual({ countRows: 1, requests: 1 });
      expect(sink.flushDue(start)).toBe(true);
      expect(await sink.runJob()).toEqual({ countRows: 0, requests: 0 });
      expect(await sink.flushAtShutdown()).toBe(1);
    } else {
      // Held in Redis: nothing here to flush on a schedule or at shutdown; the job moves it.
      expect(sink.pending()).toEqual({ countRows: 0, requests: 0 });
      expect(sink.flushDue(start)).toBe(false);
      expect(await sink.flushAtShutdown()).toBe(0);
      await sink.runJob();
    }
    expect((await stored(keyId)).usage).toEqual([{ requests: 1, rateLimited: 0, clientErrors: 0, serverErrors: 0 }]);
    sink.reset(Date.now());
  });
});
