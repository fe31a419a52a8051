import type { ChildProcess } from "node:child_process";

export function startUpstashBridgeProcess(
  logFile: string,
): Promise<{ bridge: ChildProcess; env: { UPSTASH_REDIS_REST_URL: string; UPSTASH_REDIS_REST_TOKEN: string } }>;
