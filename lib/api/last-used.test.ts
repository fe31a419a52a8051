import { afterEach, describe, expect, it, vi } from "vitest";

await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi());

import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { touchApiKeyLastUsed } from "@/lib/api-keys/verification/verify";
import { db } from "@/lib/db/client";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";
import { forgetRecentApiKeyUses, recordApiKeyUse } from "./last-used";

afterEach(async () => {
  await runAfterTasks();
  vi.useRealTimers();
});

async function setup() {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  const newKey = async (name = "Warehouse export") => {
    const created = await createApiKey({ organizationId: org.id, userId: admin.id, name });
    return { key: created.key, id: created.summary.id, prefix: created.summary.prefix, name };
  };
  return { org, admin, newKey };
}

const lastUsedOf = async (id: string) => (await db.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;

describe("withApiKey: Last Used", () => {
  it("is recorded after the response on first use and not rewritten within the minute", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    const response = await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    expect(response.status).toBe(200);
    expect(await lastUsedOf(key.id)).toBeNull(); // nothing written while the response was built
    await runAfterTasks();
    const first = await lastUsedOf(key.id);
    expect(first).not.toBeNull();
    expect(Math.abs((first?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);

    for (let i = 0; i < 3; i++) await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    await runAfterTasks();
    expect(await lastUsedOf(key.id)).toEqual(first);
  });

  it("is throttled in process: an instance that just wrote does not write again within the minute", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    await runAfterTasks();
    // Pretend the write was long ago: only this process's memory can now prevent a write.
    const old = new Date(Date.now() - 5 * 60_000);
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: old } });
    await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    await runAfterTasks();
    expect(await lastUsedOf(key.id)).toEqual(old);
    // A fresh instance (no memory) does write.
    forgetRecentApiKeyUses();
    await getMe(apiRequest("/api/v1/me", { key: key.key }), noParams);
    await runAfterTasks();
    expect((await lastUsedOf(key.id))?.getTime()).toBeGreaterThan(old.getTime());
  });

  it("is guarded in the database: other instances do not rewrite it within the minute", async () => {
    const { newKey } = await setup();
    const key = await newKey();
    expect(await touchApiKeyLastUsed(key.id)).toBe(true);
    const written = await lastUsedOf(key.id);
    // Another instance that read the row before the write (lastUsedAt null) and has no memory.
    forgetRecentApiKeyUses();
    await recordApiKeyUse({ id: key.id, lastUsedAt: null });
    expect(await touchApiKeyLastUsed(key.id)).toBe(false);
    expect(await lastUsedOf(key.id)).toEqual(written);
    // Concurrent instances racing on a stale row: still exactly one write.
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    const results = await Promise.all(Array.from({ length: 8 }, () => touchApiKeyLastUsed(key.id)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
