import { mkdirSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import type { RouteResult } from "../lib/bench-rounds";
import { treeCpuMicros } from "../lib/process-cpu.mjs";
import { startServer, stopServer, waitForServer } from "../lib/server.mjs";
import { startUpstashBridgeProcess } from "../lib/upstash-process.mjs";
import { RESULTS_DIR } from "./results";

/** The servers `npm run bench` loads: production builds on ports from 3500, one rate-limit backend. */
export type Backend = "memory" | "upstash";
const FIRST_PORT = 3500;

/** CPU µs the servers (with their child processes) have used so far; null where /proc is missing. */
function serversCpuMicros(pids: number[]): number | null {
  let total = 0;
  for (const pid of pids) {
    const micros = treeCpuMicros(pid);
    if (micros === null) return null;
    total += micros;
  }
  return total;
}

const urlOf = (port: number) => `http://127.0.0.1:${port}`;

/** Loads every server at once, `connections` split evenly between them, and sums. */
export async function load(servers: Servers, route: string, connections: number, key: string, duration: number) {
  const { ports, pids } = servers;
  const perServer = Math.max(1, Math.round(connections / ports.length));
  const commandsBefore = await servers.upstashCommands?.();
  const cpuBefore = serversCpuMicros(pids);
  const results = await Promise.all(
    ports.map((port) =>
      autocannon({
        url: `${urlOf(port)}${route}`,
        connections: perServer,
        duration,
        headers: route.startsWith("/api/v1") ? { "x-api-key": key } : {},
      }),
    ),
  );
  const cpuAfter = serversCpuMicros(pids);
  const commandsAfter = await servers.upstashCommands?.();
  const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
  return {
    requests,
    upstashCommands:
      commandsBefore !== undefined && commandsAfter !== undefined ? commandsAfter - commandsBefore : undefined,
    route,
    connections: perServer * ports.length,
    cpuMicrosPerRequest:
      cpuBefore !== null && cpuAfter !== null && requests > 0
        ? Math.round((cpuAfter - cpuBefore) / requests)
        : undefined,
    requestsPerSecond: Math.round(results.reduce((sum, result) => sum + result.requests.average, 0)),
    p50Ms: Math.max(...results.map((result) => result.latency.p50)),
    p99Ms: Math.max(...results.map((result) => result.latency.p99)),
    non2xx: results.reduce((sum, result) => sum + result.non2xx, 0),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  } satisfies RouteResult;
}

export interface Servers {
  ports: number[];
  /** The servers' process ids, for the CPU they use. */
  pids: number[];
  /** Upstash backend: Redis commands the bridge has received so far. */
  upstashCommands?: () => Promise<number>;
  stop(): Promise<void>;
}

export async function startServers(
  backend: Backend,
  instances: number,
  label: string,
  nodeArgs: string[] = [],
): Promise<Servers> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const bridge =
    backend === "upstash"
      ? await startUpstashBridgeProcess(path.join(RESULTS_DIR, `upstash-bridge-${label}.log`))
      : null;
  const ports = Array.from({ length: instances }, (_, index) => FIRST_PORT + index);
  const servers = ports.map((port, index) =>
    startServer({
      port,
      logFile: path.join(RESULTS_DIR, `server-${label}-${index + 1}.log`),
      nodeArgs,
      env: {
        DATABASE_URL: process.env.DATABASE_URL ?? "",
        NEXTAUTH_SECRET: "bench-secret-bench-secret-bench-secret-00",
        NEXTAUTH_URL: urlOf(port),
        GLYPHIC_DEMO: "1", // local http:// URL; the memory backend is one instance per run
        // High enough that the load never hits 429: this measures the cost of the check itself.
        API_RATE_LIMIT_REQUESTS: "100000000",
        API_RATE_LIMIT_WINDOW_SECONDS: "60",
        UPSTASH_REDIS_REST_URL: bridge?.env.UPSTASH_REDIS_REST_URL ?? "",
        UPSTASH_REDIS_REST_TOKEN: bridge?.env.UPSTASH_REDIS_REST_TOKEN ?? "",
      },
    }),
  );
  const stop = async () => {
    await Promise.all(servers.map((server) => stopServer(server)));
    if (bridge) await stopServer(bridge.bridge);
  };
  try {
    await Promise.all(servers.map((server, index) => waitForServer(server, `${urlOf(ports[index])}/api/ping`)));
  } catch (error) {
    await stop();
    throw error;
  }
  const upstashCommands = bridge
    ? async () => {
        const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = bridge.env;
        const response = await fetch(`${url}/_bridge/commands`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}` },
        });
        return ((await response.json()) as { commands: number }).commands;
      }
    : undefined;
  return { ports, pids: servers.map((server) => server.pid ?? 0), upstashCommands, stop };
}
