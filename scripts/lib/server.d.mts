import type { ChildProcess } from "node:child_process";

export function bin(name: string): string;
export function run(command: string, args: string[], env?: Record<string, string>): number;
export function buildIfStale(): number;
export function startServer(options: {
  port: number;
  env: Record<string, string>;
  logFile: string;
  nodeArgs?: string[];
}): ChildProcess;
export function waitForServer(server: ChildProcess, url: string, timeoutMs?: number): Promise<void>;
export function stopServer(server: ChildProcess): Promise<void>;
