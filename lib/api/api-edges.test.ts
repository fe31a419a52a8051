import { describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(3));

import * as unknownPathRoute from "@/app/api/v1/[...path]/route";
import * as callRoute from "@/app/api/v1/calls/[id]/route";
import * as callsRoute from "@/app/api/v1/calls/route";
import * as keyRoute from "@/app/api/v1/keys/[id]/route";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as meRoute from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { generateApiKey } from "@/lib/api-keys/format";
import { EXTENDED_KEY_LIMIT_FLAG } from "@/lib/api-keys/limits";
import { db } from "@/lib/db/client";
import { apiRequest, createCalls, noParams, randomAddress } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { API_ERROR_MESSAGES } from "./errors";
import { UNKNOWN_KEYS_RULE } from "./failure-budget";
import { errorExamples } from "./openapi";

async function newKey() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  const { key, summary } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "edges" });
  return { org, key, id: summary.id };
}

const idParams = (id: string) => ({ params: Promise.resolve({ id }) });

/**
 * The edges of /api/v1 that its handlers decide, called in process. What depends on routing and
 * the URL as sent over HTTP (ids with escapes, unknown paths) is in e2e/api-edges.spec.ts.
 */
describe("the edges of the public API", () => {
  it("accepts only a canonical decimal limit from 1 to 100", async () => {
    const org = await createOrganization({ features: [EXTENDED_KEY_LIMIT_FLAG] });
    await createCalls(org.id, 12);
    const admin = await createMember(org.id, "ADMIN");
    for (const limit of ["1e1", "0x5", " 10", "10 ", "10abc", "+5", "-1", "05", "1.0", "101", "0", ""]) {
      const { key } = await createApiKey({ organizationId: org.id, userId: admin.id, name: `limit ${limit}` });
      const response = await callsRoute.GET(
        apiRequest(`/api/v1/calls?limit=${encodeURIComponent(limit)}`, { key }),
        noParams,
      );
      expect(response.status, JSON.stringify(limit)).toBe(400);
      const body = await response.json();
      expect(body.error.code).toBe("bad_request");
      expect(body.error.message).toContain("limit");
    }
    const { key } = await createApiKey({ organizationId: org.id, userId: admin.id, name: "limit ok" });
    for (const [limit, count] of [
      ["10", 10],
      ["100", 12],
      ["1", 1],
    ] as const) {
      const response = await callsRoute.GET(apiRequest(`/api/v1/calls?limit=${limit}`, { key }), noParams);
      expect(response.status).toBe(200);
      expect((await response.json()).data).toHaveLength(count);
    }
  });

  it("answers other methods than GET with a JSON 405 and an Allow header", async () => {
    for (const route of [meRoute, callsRoute, callRoute]) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"] as const) {
        const response = await route[method](apiRequest("/api/v1/me"), noParams);
        expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
        expect(response.status).toBe(405);
        expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
        expect(response.headers.get("content-type")).toMatch(/^application\/json/);
        expect(await response.json()).toEqual({
          error: { code: "method_not_allowed", message: API_ERROR_MESSAGES.method_not_allowed },
        });
      }
      expect((await route.OPTIONS(apiRequest("/api/v1/me"), noParams)).headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    }
  });

  it("shows in the OpenAPI document the messages the API really sends", async () => {
    const sent = new Set<string>();
    const collect = async (response: Response) => {
      const body = await response.json();
      if (body.error) sent.add(`${body.error.code}: ${body.error.message}`);
    };
    const { key, id } = await newKey();
    await collect(await meRoute.GET(apiRequest("/api/v1/me"), noParams));
    await collect(await meRoute.GET(apiRequest("/api/v1/me", { key: generateApiKey().key }), noParams));
    await collect(await callsRoute.GET(apiRequest("/api/v1/calls?limit=0", { key }), noParams));
    await collect(await callsRoute.GET(apiRequest("/api/v1/calls?cursor=nope", { key }), noParams));
    await collect(await callRoute.GET(apiRequest("/api/v1/calls/nope", { key }), idParams("nope")));
    await collect(await unknownPathRoute.GET(apiRequest("/api/v1/nope"), noParams));
    await collect(await meRoute.POST(apiRequest("/api/v1/me"), noParams));
    for (let i = 0; i < 3; i++) await meRoute.GET(apiRequest("/api/v1/me", { key }), noParams);
    await collect(await meRoute.GET(apiRequest("/api/v1/me", { key }), noParams));
    const address = randomAddress();
    for (let i = 0; i <= UNKNOWN_KEYS_RULE.requests; i++) {
      await collect(await meRoute.GET(apiRequest("/api/v1/me", { key: generateApiKey().key, address }), noParams));
    }
    await db.apiKey.update({ where: { id }, data: { expiresAt: new Date("2026-12-01T14:05:00Z") } });
    const expired = await newKey();
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date("2026-12-01T14:05:00Z") } });
    await collect(await meRoute.GET(apiRequest("/api/v1/me", { key: expired.key }), noParams));
    const limited = await newKey();
    await db.apiKey.update({ where: { id: limited.id }, data: { allowedAddresses: ["198.51.100.0/24"] } });
    await collect(await meRoute.GET(apiRequest("/api/v1/me", { key: limited.key, address: "203.0.113.9" }), noParams));
    // The management API's refusals.
    const reader = await newKey();
    await collect(await keysRoute.GET(apiRequest("/api/v1/keys", { key: reader.key }), noParams));
    const writer = await newKey();
    await db.apiKey.update({
      where: { id: writer.id },
      data: { permissions: ["calls:read", "keys:read", "keys:write"] },
    });
    const create = (body: unknown) =>
      keysRoute.POST(apiRequest("/api/v1/keys", { key: writer.key, method: "POST", body }), noParams);
    await collect(await create({ name: "Auditor", permissions: ["activity:read"] }));
    await collect(
      await keyRoute.GET(apiRequest("/api/v1/keys/x", { key: writer.key }), idParams("cmnokey000000000000000000")),
    );
    const writerAdmin = await createMember(writer.org.id, "ADMIN");
    for (let i = 0; i < 4; i++) {
      await createApiKey({ organizationId: writer.org.id, userId: writerAdmin.id, name: `filler ${i}` });
    }
    await collect(await create({ name: "over the limit" }));
    const governed = await newKey();
    await db.apiKey.update({
      where: { id: governed.id },
      data: { permissions: ["calls:read", "keys:read", "keys:write"] },
    });
    await db.organizationPolicy.create({ data: { organizationId: governed.org.id, maxKeyLifetimeDays: 90 } });
    await collect(
      await keysRoute.POST(
        apiRequest("/api/v1/keys", { key: governed.key, method: "POST", body: { name: "Forever" } }),
        noParams,
      ),
    );

    const documented = Object.entries(errorExamples()).flatMap(([code, messages]) =>
      Object.values(messages).map((message) => `${code}: ${message}`),
    );
    // Every message sent is documented; every documented one is sent (500/503/rolled: see below).
    for (const message of sent) expect(documented, message).toContain(message);
    // A reused Idempotency-Key's message names the key it created (tested in lib/api/v1/keys.test.ts).
    const notTriggeredHere = /^(internal_error|service_unavailable|idempotency_key_reused): |replaced by a new key/;
    for (const message of documented.filter((text) => !notTriggeredHere.test(text))) {
      expect([...sent], message).toContain(message);
    }
  });
});
