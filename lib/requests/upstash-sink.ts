import { processSingleton } from "../process-singleton";
import type { Redis } from "../redis/client";
import { type Moved, NOTHING_MOVED } from "./records";
import { adoptLegacyBuffer, drainRedis, recordInRedis } from "./redis-buffer";
import { FLUSH_INTERVAL_MS, type FlushOptions, type RequestSink } from "./sink";

/** A long-running server drains the Redis buffer this long after the last drain it heard of, if no request of its own did. */
const REDIS_TAIL_GRACE_MS = 5_000;

interface UpstashState {
  /** When the next drain may be picked, as this instance last heard from Redis. */
  redisDueAt: number;
  /** This process has looked for the previous release's buffer (adoptLegacyBuffer). */
  legacyAdopted: boolean;
  flushing: Promise<Moved> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Several instances, serverless (Upstash): requests wait in Redis. Each request's write is one
 * script from `after()`; the request whose write finds the buffer due moves it to Postgres in
 * the same `after()`, and so do a tail timer on a long-running server and the `flush-requests`
 * job. Exactly once: redis-buffer.ts. Nothing is held in this process.
 *
 * `redis` is the request-path client; `batches` the drain's, which may wait longer.
 */
export function upstashSink(redis: Redis, batches: Redis): RequestSink {
  const state = processSingleton<UpstashState>("api-request-recorder-upstash", () => ({
    redisDueAt: 0,
    legacyAdopted: false,
    flushing: null,
    timer: null,
  }));

  function flush(options: FlushOptions = {}): Promise<Moved> {
    if (state.flushing) return state.flushing;
    state.flushing = drain(options.elect, options.job === true || !state.legacyAdopted).finally(() => {
      state.flushing = null;
    });
    return state.flushing;
  }

  /** The job, and each process's first drain, also adopt the previous release's buffer. */
  async function drain(elect: boolean | undefined, adoptLegacy: boolean): Promise<Moved> {
    const moved = await drainRedis(batches, { elect, flushIntervalMs: FLUSH_INTERVAL_MS });
    if (!adoptLegacy) return moved;
    state.legacyAdopted = true;
    const adopted = await adoptLegacyBuffer(batches);
    return { countRows: moved.countRows + adopted.countRows, requests: moved.requests + adopted.requests };
  }

  /**
   * On a long-running server the last requests before traffic stops wait in Redis for a request
   * to pick someone to move them. This instance learns from each of its writes when the next
   * drain may be picked; if none of its own requests came after that (plus a grace), it asks
   * once itself — an election in Redis, so only one instance moves the buffer. While this
   * instance serves requests, their writes keep moving that time and the timer sends nothing.
   */
  function noteRedisDue(dueAt: number) {
    state.redisDueAt = Math.max(state.redisDueAt, dueAt);
    if (state.timer) return;
    state.timer = setTimeout(
      () => {
        state.timer = null;
        if (Date.now() < state.redisDueAt + REDIS_TAIL_GRACE_MS) return noteRedisDue(state.redisDueAt);
        void flush({ elect: true });
      },
      Math.max(0, state.redisDueAt + REDIS_TAIL_GRACE_MS - Date.now()),
    );
    state.timer.unref();
  }

  return {
    backend: "upstash",
    record(request) {
      return async () => {
        const reply = await recordInRedis(redis, request, FLUSH_INTERVAL_MS);
        if (!reply) return;
        if (reply.drainNow) {
          await flush();
          noteRedisDue(Date.now() + FLUSH_INTERVAL_MS);
        } else {
          noteRedisDue(Date.now() + reply.dueInMs);
        }
      };
    },
    // The Redis write of a request says when to move the buffer (record), so no instance asks
    // Redis on a schedule of its own.
    flushDue: () => false,
    flush,
    runJob: () => flush({ job: true }),
    // The records are already in Redis.
    flushAtShutdown: async () => 0,
    pending: () => NOTHING_MOVED,
    reset() {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      state.redisDueAt = 0;
    },
  };
}
