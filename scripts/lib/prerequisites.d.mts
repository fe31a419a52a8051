export const DEFAULT_REDIS_URL: string;
export const DEFAULT_CHROMIUM_PATH: string;
export function checkRedis(redisUrl?: string, timeoutMs?: number): Promise<string | null>;
export function checkChromium(chromiumPath?: string): string | null;
export function checkPostgres(databaseUrl: string, timeoutMs?: number): Promise<string | null>;
export function findMissingPrerequisites(options: {
  phases: ("unit" | "system" | "e2e")[];
  env?: Record<string, string | undefined>;
}): Promise<string[]>;
