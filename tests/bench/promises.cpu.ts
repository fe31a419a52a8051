/**
 * How many promises one request creates, ping against keyed /me (a cached key): under Next each
 * also runs the async context's hooks. Counted with an async_hooks init hook; includes this
 * file's own few, the same for both. See docs/benchmarks/2026-12-06-keyed-path/.
 */
import { createHook } from "node:async_hooks";
import { expect, it, vi } from "vitest";

vi.hoisted(() => {
  process.env.API_RATE_LIMIT_REQUESTS = "100000000";
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
});
vi.mock("next/server", async (importOriginal) =>
  (await import("@/tests/after-tasks")).withCollectedAfter(importOriginal),
);

import { GET as ping } from "@/app/api/ping/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";

it("promises per request", async () => {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  const key = (await createApiKey({ organizationId: org.id, userId: admin.id, name: "Bench" })).key;
  await getMe(apiRequest("/api/v1/me", { key }), noParams);
  await runAfterTasks();
  let n = 0;
  const hook = createHook({
    init(_id, type) {
      if (type === "PROMISE") n++;
    },
  });
  const count = async (f: () => Promise<unknown>) => {
    n = 0;
    hook.enable();
    await f();
    hook.disable();
    return n;
  };
  const pingReq = apiRequest("/api/ping");
  const meReq = apiRequest("/api/v1/me", { key });
  const p = await count(() => ping(pingReq));
  const m = await count(() => getMe(meReq, noParams));
  console.log(JSON.stringify({ pingPromises: p, mePromises: m }));
  expect(m).toBeGreaterThan(0);
});
