import type { Moved, RecordedRequest } from "./records";

/** How often what waits is moved to Postgres (both sinks; recorder.ts says how). */
export const FLUSH_INTERVAL_MS = 15_000;

export interface FlushOptions {
  /** Upstash: drain only if nobody has within FLUSH_INTERVAL_MS (a tail timer). */
  elect?: boolean;
  /** Upstash: the `flush-requests` job (also adopts the previous release's buffer). */
  job?: boolean;
}

/**
 * Where recorded requests wait on their way to Postgres: this process's memory (memory-sink.ts)
 * or the Redis buffer shared by every instance (upstash-sink.ts). recorder.ts picks one per
 * process, as rateLimiter() picks a limiter's backend; nothing else asks which it is.
 */
export interface RequestSink {
  readonly backend: "memory" | "upstash";
  /** Takes one request (already trimmed); returns I/O for the caller to run in `after()`, if any. */
  record(request: RecordedRequest): (() => Promise<void>) | undefined;
  /** Whether the caller should flush now (memory: due and holding something; Upstash: never). */
  flushDue(now: number): boolean;
  /** Moves what waits to Postgres and waits for it; concurrent calls share the flush in progress. */
  flush(options?: FlushOptions): Promise<Moved>;
  /** The `flush-requests` job's work. */
  runJob(): Promise<Moved>;
  /** Writes what this process holds at shutdown; how many requests that was. */
  flushAtShutdown(): Promise<number>;
  /** Count rows and requests this process holds, not yet written (tests and diagnostics). */
  pending(): Moved;
  /** Tests: forget what is held and the timers, as a freshly started instance. */
  reset(now: number): void;
}
