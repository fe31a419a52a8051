import { randomBytes } from "node:crypto";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import type { ApiFixtures } from "./fixtures/api";
import { loadFixtures } from "./fixtures/load";

export type { ApiFixtures };
export const apiFixtures = (): ApiFixtures => loadFixtures<ApiFixtures>("api");

/**
 * A client address of our own (TEST-NET/benchmark ranges), sent as X-Forwarded-For. The server
 * counts failed attempts per address in Redis, which outlives a run: a random address per spec
 * keeps runs and parallel specs from spending each other's budget.
 */
export function randomAddress(): string {
  const bytes = randomBytes(2);
  return `198.18.${bytes[0]}.${bytes[1]}`;
}

export function apiGet(
  request: APIRequestContext,
  path: string,
  options: { key?: string; address: string; headers?: Record<string, string> },
): Promise<APIResponse> {
  const headers: Record<string, string> = { "x-forwarded-for": options.address, ...options.headers };
  if (options.key !== undefined) headers["x-api-key"] = options.key;
  return request.get(path, { headers, maxRedirects: 0 });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Windows are aligned to the epoch (server and specs share this machine's clock). Waits for the
 * next window when the current one has less than `neededMs` left, so a burst of requests lands
 * in one window and the count is exact.
 */
export async function awaitWindowWithRoom(windowSeconds: number, neededMs: number): Promise<void> {
  const windowMs = windowSeconds * 1000;
  const left = windowMs - (Date.now() % windowMs);
  if (left < neededMs) await sleep(left + 50);
}
