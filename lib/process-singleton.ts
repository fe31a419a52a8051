/**
 * One value per server process. Next bundles instrumentation, the proxy, route handlers and
 * server actions separately, so a plain module-level variable can exist several times in one
 * process; globalThis is the one place they all share.
 */
const registry = globalThis as unknown as { __glyphicSingletons?: Map<string, unknown> };

export function processSingleton<T>(name: string, create: () => T): T {
  if (!registry.__glyphicSingletons) registry.__glyphicSingletons = new Map();
  const singletons = registry.__glyphicSingletons;
  if (!singletons.has(name)) singletons.set(name, create());
  return singletons.get(name) as T;
}

export function existingProcessSingleton<T>(name: string): T | undefined {
  return registry.__glyphicSingletons?.get(name) as T | undefined;
}

/** Forgets a value (tests and shutdown), so the next call creates a new one. */
export function dropProcessSingleton(name: string): void {
  registry.__glyphicSingletons?.delete(name);
}
