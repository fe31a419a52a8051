import { randomUUID } from "node:crypto";
import { componentLogger, errorReason } from "../log";
import { processSingleton } from "../process-singleton";
import { countId, countOf, type Moved, NOTHING_MOVED, type PendingCount, type RecordedRequest } from "./records";
import { RequestRings } from "./rings";
import { FLUSH_INTERVAL_MS, type RequestSink } from "./sink";
import { applyBatch } from "./store";

/** Past this many pending count rows (only while Postgres is unreachable), new counts are dropped. */
const MAX_PENDING_ROWS = 100_000;

const log = componentLogger("requests");

interface MemoryBatch {
  id: string;
  counts: PendingCount[];
  requests: RecordedRequest[];
}

interface MemoryState {
  counts: Map<string, PendingCount>;
  /** The latest requests per key (a ring of at most KEPT_REQUESTS_PER_KEY each). */
  requests: RequestRings;
  /** A batch whose write failed: written again, as it is and under its id, before anything newer. */
  failed: MemoryBatch | null;
  lastFlushAt: number;
  flushing: Promise<Moved> | null;
  timer: NodeJS.Timeout | null;
  droppedWarningAt: number;
}

/**
 * Single instance (no Upstash): requests wait in this process's memory, written at most every
 * FLUSH_INTERVAL_MS (from `after()`, a timer, and at shutdown), each flush one batch with an id
 * of its own, in one transaction (store.ts applyBatch). A batch that fails is kept as it is and
 * written again later under the same id, so a COMMIT whose answer was lost cannot count it twice.
 */
export function memorySink(): RequestSink {
  const state = processSingleton<MemoryState>("api-request-recorder", () => ({
    counts: new Map(),
    requests: new RequestRings(),
    failed: null,
    lastFlushAt: Date.now(),
    flushing: null,
    timer: null,
    droppedWarningAt: 0,
  }));

  function addCount(row: PendingCount): void {
    const id = countId(row);
    const entry = state.counts.get(id);
    if (entry) {
      entry.requests += row.requests;
      entry.rateLimited += row.rateLimited;
      entry.clientErrors += row.clientErrors;
      entry.serverErrors += row.serverErrors;
    } else if (state.counts.size < MAX_PENDING_ROWS) {
      state.counts.set(id, { ...row });
    } else {
      warnDropped("counts");
    }
  }

  function holdsRecords(): boolean {
    return state.counts.size > 0 || state.requests.size > 0 || state.failed !== null;
  }

  function flushDue(now: number): boolean {
    if (state.flushing !== null || now - state.lastFlushAt < FLUSH_INTERVAL_MS) return false;
    return holdsRecords();
  }

  function flush(): Promise<Moved> {
    if (state.flushing) return state.flushing;
    state.lastFlushAt = Date.now();
    state.flushing = flushMemory().finally(() => {
      state.flushing = null;
    });
    return state.flushing;
  }

  async function flushMemory(): Promise<Moved> {
    let moved = NOTHING_MOVED;
    if (state.failed) {
      // First the batch that failed, as it was: merged into newer records it would get a new id,
      // and count twice if its COMMIT had in fact succeeded.
      const batch = state.failed;
      if (!(await writeBatch(batch))) return NOTHING_MOVED;
      state.failed = null;
      moved = { countRows: batch.counts.length, requests: batch.requests.length };
    }
    if (state.counts.size === 0 && state.requests.size === 0) return moved;
    const batch: MemoryBatch = { id: randomUUID(), counts: [...state.counts.values()], requests: state.requests.all() };
    state.counts = new Map();
    state.requests = new RequestRings();
    if (!(await writeBatch(batch))) {
      state.failed = batch;
      return moved;
    }
    return { countRows: moved.countRows + batch.counts.length, requests: moved.requests + batch.requests.length };
  }

  /** False when the write failed (logged; a timer retries it). */
  async function writeBatch(batch: MemoryBatch): Promise<boolean> {
    try {
      await applyBatch(batch.id, batch.counts, batch.requests);
      return true;
    } catch (error) {
      scheduleTimer(Date.now());
      log.warn(
        {
          batch: batch.id,
          countRows: batch.counts.length,
          requests: batch.requests.length,
          reason: errorReason(error),
        },
        "could not record API requests; kept for the next flush",
      );
      return false;
    }
  }

  /** A timer for the requests of a burst that no later request will flush. Unref'd: never keeps a process alive. */
  function scheduleTimer(now: number) {
    if (state.timer) return;
    const wait = Math.max(0, state.lastFlushAt + FLUSH_INTERVAL_MS - now);
    state.timer = setTimeout(() => {
      state.timer = null;
      if (!holdsRecords()) return;
      // A request may have flushed meanwhile (or be flushing): wait for the next due time.
      if (!flushDue(Date.now())) return scheduleTimer(Date.now());
      void flush().then(() => {
        if (holdsRecords()) scheduleTimer(Date.now());
      });
    }, wait);
    state.timer.unref();
  }

  function warnDropped(what: "counts" | "requests") {
    const now = Date.now();
    if (now - state.droppedWarningAt < 60_000) return;
    state.droppedWarningAt = now;
    log.warn({ what }, "too much is waiting for the database: new API request records are dropped");
  }

  return {
    backend: "memory",
    record(request) {
      const count = countOf(request);
      addCount(count);
      if (!request.countOnly && !state.requests.add(count.ref, request)) warnDropped("requests");
      scheduleTimer(request.at);
      return undefined;
    },
    flushDue,
    flush,
    // The job moves the Redis buffer: in memory there is nothing for it to do.
    runJob: async () => NOTHING_MOVED,
    async flushAtShutdown() {
      await state.flushing;
      return (await flushMemory()).requests;
    },
    pending: () => ({
      countRows: state.counts.size + (state.failed?.counts.length ?? 0),
      requests: state.requests.size + (state.failed?.requests.length ?? 0),
    }),
    reset(now) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
      state.counts = new Map();
      state.requests = new RequestRings();
      state.failed = null;
      state.lastFlushAt = now;
    },
  };
}
