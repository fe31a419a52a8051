import { afterAll, beforeAll, bench, describe, vi } from "vitest";

/**
 * `npm run bench:handler`: what our code adds to a keyed request, in-process, without HTTP.
 * `npm run bench` measures the whole request through `next start`, where Next's own work and
 * the machine's drift dwarf what the key check, the rate limit, the log line and the request's
 * record cost (figures in docs/benchmarks/). Here the two route handlers run back to back in one process, as the server calls them,
 * with the in-process limiter and the log written to a file as production writes it; the
 * difference of their mean times is the keyed path's own cost. The HTTP ratio it implies:
 * ping's server CPU per request ÷ (that + the difference).
 */
// Never 429: the check's cost, not a refusal's.
await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(100_000_000));

import { mkdirSync } from "node:fs";
import pino from "pino";
import { GET as ping } from "@/app/api/ping/route";
import { GET as getMe } from "@/app/api/v1/me/route";
import { createApiKey } from "@/lib/api-keys/commands/create";
import { redirectLogs } from "@/lib/log";
import { runAfterTasks } from "@/tests/after-tasks";
import { apiRequest, noParams } from "@/tests/api-helpers";
import { createMember, createOrganization } from "@/tests/factories";

let key = "";
let restoreLogs = () => {};

beforeAll(async () => {
  const org = await createOrganization();
  const admin = await createMember(org.id, "ADMIN");
  key = (await createApiKey({ organizationId: org.id, userId: admin.id, name: "Bench" })).key;
  mkdirSync("bench-results", { recursive: true });
  // As production writes (lib/log.ts): synchronously, to a file standing in for stdout.
  const destination = pino.destination({ dest: "bench-results/keyed-path.log", sync: true, append: false });
  // BENCH_LOG_LEVEL=warn leaves the request lines out: the cost of the rest of the path alone.
  const level = process.env.BENCH_LOG_LEVEL === "warn" ? "warn" : "info";
  restoreLogs = redirectLogs(destination, level);
  await getMe(apiRequest("/api/v1/me", { key }), noParams); // the key is now cached, as on a warm server
  await runAfterTasks();
});

afterAll(async () => {
  await runAfterTasks();
  restoreLogs();
});

// Long enough for V8 to settle and for the median to hold still between runs.
const OPTIONS = { time: 4_000, warmupTime: 1_000 };

// One client address for all: the server sees a few, not one per request.
const address = "198.51.100.7";

describe("one request, handler only", () => {
  bench(
    "GET /api/ping (the baseline)",
    async () => {
      await ping(apiRequest("/api/ping", { address }));
    },
    OPTIONS,
  );

  bench(
    "GET /api/v1/me with a key",
    async () => {
      const response = await getMe(apiRequest("/api/v1/me", { key, address }), noParams);
      if (response.status !== 200) throw new Error(`/api/v1/me answered ${response.status}`);
      // What the server runs after the response (Last Used, a flush when due): counted here too.
      await runAfterTasks();
    },
    OPTIONS,
  );
});
