import { createRequire } from "node:module";
import path from "node:path";
import pino, { type DestinationStream, type Logger } from "pino";
import { LOG_LEVELS } from "./env";
import { processSingleton } from "./process-singleton";

/**
 * The one logger of the server (nothing in lib/ or app/ writes to the console directly).
 * Production writes JSON lines to stdout, one object per event, for the platform's log drain;
 * development writes them readable (pino-pretty, loaded only there). LOG_LEVEL picks the least
 * severe level written (default info).
 *
 * Secrets never reach a line: call sites log ids, not keys or headers, and the paths below are
 * censored as a second line of defence should an object with such a field ever be logged.
 * Fixed paths only: pino's wildcard paths cost several times more per line, and every API
 * request writes one (docs/architecture.md, "Logs").
 */
export const REDACT_PATHS = [
  "key",
  "token",
  "password",
  "passwordHash",
  "secret",
  "authorization",
  "cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["x-api-key"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  "apiKey.key",
  "created.key",
  "result.key",
  "credentials.password",
  "input.password",
  "body.token",
];

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LoggerOptions {
  level?: LogLevel;
  /** Readable output instead of JSON lines (development). */
  pretty?: boolean;
  /** Where lines go (tests); stdout by default. */
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const config = {
    level: options.level ?? "info",
    base: undefined, // no pid/hostname on every line: the platform adds its own
    timestamp: isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    formatters: { level: (label: string) => ({ level: label }) },
    serializers: { err: pino.stdSerializers.err },
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) {
    // Synchronous and in-thread (a worker transport does not survive Next's bundling), resolved
    // at run time from the project so production never loads it (it is a dev dependency).
    const load = createRequire(path.join(process.cwd(), "package.json"));
    const pretty = load("pino-pretty") as (options: import("pino-pretty").PrettyOptions) => DestinationStream;
    return pino(config, pretty({ sync: true, colorize: true, translateTime: "SYS:HH:MM:ss.l" }));
  }
  // Synchronous: a line is in the log the moment it is written, and none waits in a buffer at a
  // crash or while a serverless instance is frozen. Measured at a server's pace (npm run bench:log),
  // it is also the cheapest: an asynchronous write costs more (each line becomes a thread-pool
  // write and its callback) and a buffer saves next to nothing. A tight loop says the opposite,
  // because there the asynchronous writes pile up and go out together (see docs/benchmarks/).
  return pino(config, pino.destination({ sync: true }));
}

/**
 * pino's isoTime (`,"time":"2026-12-02T18:57:31.204Z"`), the same text, with the date and time
 * to the second formatted once per second instead of on every line: every API request writes a
 * line, and a Date and its ISO string per line showed in the line's cost (docs/benchmarks/2026-12-06-keyed-path/).
 */
let isoSecond = Number.NaN;
let isoPrefix = "";
export function isoTime(): string {
  const now = Date.now();
  const millis = now % 1000;
  const second = now - millis;
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = `,"time":"${new Date(second).toISOString().slice(0, 20)}`;
  }
  return `${isoPrefix}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z"`;
}

/** LOG_LEVEL as set, else info; read directly so a bad environment can still be logged. */
function levelFromEnvironment(): LogLevel {
  const value = process.env.LOG_LEVEL?.trim();
  return (LOG_LEVELS as readonly string[]).includes(value ?? "") ? (value as LogLevel) : "info";
}

interface LoggerState {
  root: Logger;
  components: Map<string, Logger>;
}

const state = processSingleton<LoggerState>("logger", () => ({
  root: createLogger({ level: levelFromEnvironment(), pretty: process.env.NODE_ENV === "development" }),
  components: new Map(),
}));

/** The process's logger. */
export function logger(): Logger {
  return state.root;
}

/**
 * A logger whose lines carry `component` (e.g. "api", "auth", "job"). Made once per component
 * and kept: call sites take it at module load, so the hot path creates nothing.
 */
export function componentLogger(component: string): Logger {
  let child = state.components.get(component);
  if (!child) {
    child = state.root.child({ component });
    state.components.set(component, child);
  }
  return child;
}

/**
 * Tests and benchmarks: every logger writes to `destination` at `level` from now on, until the
 * returned function restores them. Loggers already handed out follow: the stream of each is
 * swapped in place.
 */
export function redirectLogs(destination: DestinationStream, level: LogLevel): () => void {
  const streamSym = pino.symbols.streamSym as unknown as keyof Logger;
  const loggers = [state.root, ...state.components.values()];
  const saved = loggers.map((each) => ({ each, stream: each[streamSym], level: each.level }));
  for (const each of loggers) {
    (each as unknown as Record<PropertyKey, unknown>)[streamSym] = destination;
    each.level = level;
  }
  return () => {
    for (const { each, stream, level: previous } of saved) {
      (each as unknown as Record<PropertyKey, unknown>)[streamSym] = stream;
      each.level = previous;
    }
  };
}

/** Tests: the lines every logger writes from now on, parsed, until `stop()`. */
export function captureLogs(): { lines: Record<string, unknown>[]; text: () => string; stop: () => void } {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stop = redirectLogs(
    {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
    "debug",
  );
  return { lines, text: () => raw.join(""), stop };
}

/** The last line of an error's message: Prisma's open with a code excerpt, the reason comes last. */
export function errorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.trim().split("\n").at(-1) ?? "";
}
