import { randomBytes } from "node:crypto";
import { NextRequest } from "next/server";
import { db } from "@/lib/db/client";

/** Test data and requests for the public API's tests. */

interface CreatedCall {
  id: string;
  startedAt: Date;
  isPrivate: boolean;
}

/** `count` calls an hour apart, newest first; every `privateEvery`-th one private. */
export async function createCalls(
  organizationId: string,
  count: number,
  options: { privateEvery?: number; start?: Date } = {},
): Promise<CreatedCall[]> {
  const start = options.start?.getTime() ?? Date.now();
  const calls: CreatedCall[] = [];
  for (let index = 0; index < count; index++) {
    const isPrivate = options.privateEvery ? index % options.privateEvery === options.privateEvery - 1 : false;
    calls.push(
      await db.call.create({
        data: {
          organizationId,
          title: `Call ${index} ${randomBytes(2).toString("hex")}`,
          startedAt: new Date(start - index * 3600_000),
          durationSeconds: 600 + index,
          participants: ["Ada", `Guest ${index}`],
          summary: `Summary ${index}`,
          isPrivate,
        },
        select: { id: true, startedAt: true, isPrivate: true },
      }),
    );
  }
  return calls;
}

/** A unique client address per test, so failed-attempt budgets never leak between tests. */
export function randomAddress(): string {
  const bytes = randomBytes(3);
  return `10.${bytes[0]}.${bytes[1]}.${bytes[2]}`;
}

export function apiRequest(
  path: string,
  options: { key?: string; address?: string; method?: string; body?: unknown; headers?: Record<string, string> } = {},
): NextRequest {
  const headers = new Headers({ "x-forwarded-for": options.address ?? randomAddress(), ...options.headers });
  if (options.key !== undefined) headers.set("x-api-key", options.key);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body !== undefined) headers.set("content-type", "application/json");
  return new NextRequest(new URL(path, "http://localhost"), { method: options.method ?? "GET", headers, body });
}

export const noParams = { params: Promise.resolve({}) as Promise<Record<string, never>> };
