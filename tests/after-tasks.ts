/**
 * `after()` needs Next's request scope, which route handlers called from a test do not have.
 * The one stand-in for it: a test file mocks next/server with `withCollectedAfter` (tests/api-env.ts
 * does for the API's tests) and runs the collected tasks when it says the response has been sent;
 * a file that never does leaves them queued, as if the response never finished.
 */
// On globalThis: a file that resets its modules (vi.resetModules) gets a new copy of this module
// inside the mock, and both copies must share one list.
const shared = globalThis as unknown as { __afterTasks?: (() => unknown)[] };
shared.__afterTasks ??= [];
const tasks = shared.__afterTasks;

export async function withCollectedAfter(importOriginal: () => Promise<typeof import("next/server")>) {
  return { ...(await importOriginal()), after: (task: () => unknown) => void tasks.push(task) };
}

export async function runAfterTasks(): Promise<void> {
  for (const task of tasks.splice(0)) await task();
}
