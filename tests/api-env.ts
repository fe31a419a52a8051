import { vi } from "vitest";
import { withCollectedAfter } from "./after-tasks";

/**
 * A test file that calls the public API's route handlers in process: the in-process limiter
 * (no Upstash, so nothing outside the file's own schema is shared), `requestsPerKey` a minute,
 * and `after()` collected for runAfterTasks (route handlers called from a test have no Next
 * request scope). It must run before anything imports next/server or reads lib/env, so a file
 * calls it hoisted, first:
 *   await vi.hoisted(async () => (await import("@/tests/api-env")).useInProcessApi(5));
 */
export function useInProcessApi(requestsPerKey = 100): void {
  delete process.env.UPSTASH_REDIS_REST_URL;
  delete process.env.UPSTASH_REDIS_REST_TOKEN;
  process.env.API_RATE_LIMIT_REQUESTS = String(requestsPerKey);
  process.env.API_RATE_LIMIT_WINDOW_SECONDS = "60";
  // doMock, not mock: vi.mock would be hoisted inside this module, above its own imports.
  vi.doMock("next/server", withCollectedAfter);
}
