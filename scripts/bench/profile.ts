import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { RouteResult } from "../lib/bench-rounds";
import { monotonicMicros, printSummary, summarizeProfile } from "../lib/cpu-profile.mjs";
import { RESULTS_DIR } from "./results";
import { type Backend, load, startServers } from "./servers";

/** One server per backend and route under --cpu-prof; prints and returns the summaries. */
export async function profileRun(
  backend: Backend,
  key: string,
  { connections, duration, routes }: { connections: number; duration: number; routes: readonly string[] },
) {
  const summaries = [];
  for (const route of routes) {
    const label = `${backend}-profile-${route.replaceAll(/[/?=&]/g, "_")}`;
    const dir = path.join(RESULTS_DIR, "profiles", label);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const servers = await startServers(backend, 1, label, [
      "--cpu-prof",
      `--cpu-prof-dir=${path.resolve(dir)}`,
      "--cpu-prof-interval=250",
    ]);
    let result: RouteResult;
    let window: { from: number; to: number };
    try {
      await load(servers, route, 10, key, 2); // warm-up
      const from = monotonicMicros();
      result = await load(servers, route, connections, key, duration);
      window = { from, to: monotonicMicros() };
    } finally {
      await servers.stop();
    }
    // Only the measured load counts, not start-up and warm-up (same monotonic clock as V8's).
    const files = readdirSync(dir).filter((file) => file.endsWith(".cpuprofile"));
    if (files.length !== 1) throw new Error(`expected one CPU profile in ${dir}, found ${files.length}`);
    const file = path.join(dir, files[0]);
    const summary = { file, ...summarizeProfile(file, window) };
    printSummary(`${backend} ${route} (c=${connections}, ${result.requestsPerSecond} req/s)`, summary, {
      perRequestOf: result.requestsPerSecond * duration,
    });
    summaries.push({ backend, route, requestsPerSecond: result.requestsPerSecond, ...summary });
  }
  return summaries;
}
