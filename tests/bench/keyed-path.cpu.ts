/**
 * The keyed path's CPU per request, in one process (no HTTP), less sensitive to a loaded machine
 * than wall time: the two route handlers as the server calls them, in phases of CPU_N requests
 * (default 10,000), CPU_ROUNDS rounds (default 7) whose order rotates: /api/ping, keyed /me, and
 * keyed /me with the request line off (LOG_LEVEL warn). Prints and writes (bench-results/) the
 * medians: CPU µs per request, what the key adds over ping, what the line adds. CPU_ALS=1 runs
 * each request inside an AsyncLocalStorage context, as Next does (its promise hooks on).
 * `npx vitest run --config tests/bench/vitest.cpu.config.mts tests/bench/keyed-path.cpu.ts`;
 * figures in docs/benchmarks/2026-12-06-keyed-path/.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";

// Never 429: the check's cost, not a refusal's.
await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(100_000_000));

import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync, writeFileSync } from "node:fs";
import pino from "pino";
import { GET as ping } from "@/app/api/ping/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { redirectLogs } from "@/lib/log";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";

let key = "";
let restore = () => {};
const address = "198.51.100.7";
// As under Next: each request runs inside an AsyncLocalStorage context (its promise hooks on).
const als = process.env.CPU_ALS === "1" ? new AsyncLocalStorage<object>() : null;
const inContext = <T>(f: () => Promise<T>): Promise<T> => (als ? als.run({}, f) : f());
const N = Number(process.env.CPU_N ?? 10000);
const ROUNDS = Number(process.env.CPU_ROUNDS ?? 7);
const destination = () => pino.destination({ dest: "bench-results/keyed-cpu.log", sync: true, append: false });

beforeAll(async () => {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  key = (await createApiKey({ organizationId: org.id, userId: admin.id, name: "Bench" })).key;
  mkdirSync("bench-results", { recursive: true });
  restore = redirectLogs(destination(), "info");
  await getMe(apiRequest("/api/v1/me", { key, address }), noParams);
  await runAfterTasks();
});
afterAll(() => restore());

async function phase(kind: "ping" | "me" | "me-nolog"): Promise<number> {
  if (kind === "me-nolog") {
    restore();
    restore = redirectLogs(destination(), "warn");
  }
  // requests built outside the measured window
  const requests = Array.from({ length: N }, () =>
    kind === "ping" ? apiRequest("/api/ping", { address }) : apiRequest("/api/v1/me", { key, address }),
  );
  const start = process.cpuUsage();
  for (const request of requests) {
    if (kind === "ping") await inContext(() => ping(request));
    else {
      const response = await inContext(() => getMe(request, noParams));
      if (response.status !== 200) throw new Error(String(response.status));
      await runAfterTasks();
    }
  }
  const used = process.cpuUsage(start);
  if (kind === "me-nolog") {
    restore();
    restore = redirectLogs(destination(), "info");
  }
  return (used.user + used.system) / N;
}

it("cpu per request", async () => {
  const results: Record<string, number[]> = { ping: [], me: [], "me-nolog": [] };
  for (let i = 0; i < 2; i++) for (const kind of ["ping", "me", "me-nolog"] as const) await phase(kind); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = (["ping", "me", "me-nolog"] as const).map((_, j, all) => all[(j + round) % 3]);
    for (const kind of order) results[kind].push(await phase(kind));
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const diffs = results.me.map((m, i) => m - results.ping[i]);
  const logd = results.me.map((m, i) => m - results["me-nolog"][i]);
  const summary = {
    n: N,
    rounds: ROUNDS,
    als: als !== null,
    label: process.env.CPU_LABEL ?? "",
    ping: med(results.ping),
    me: med(results.me),
    meNoLog: med(results["me-nolog"]),
    addedMedian: med(diffs),
    addedMin: Math.min(...diffs),
    addedMax: Math.max(...diffs),
    logLineMedian: med(logd),
    logLineMin: Math.min(...logd),
    logLineMax: Math.max(...logd),
    raw: results,
  };
  console.log(JSON.stringify(summary));
  writeFileSync(
    `bench-results/keyed-cpu-${process.env.CPU_LABEL ?? "x"}-${Date.now()}.json`,
    JSON.stringify(summary, null, 1),
  );
  expect(summary.ping).toBeGreaterThan(0);
}, 600_000);
