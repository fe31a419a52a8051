import { componentLogger, errorReason } from "./log";
import { processSingleton } from "./process-singleton";

const log = componentLogger("shutdown");

const shutdown = processSingleton("shutdown", () => ({ started: false }));

/**
 * True once a shutdown signal arrived. API responses then ask the client to close its
 * connection (`Connection: close`): Node's server.close() waits for every open connection, and
 * a client that keeps reusing its keep-alive connection would otherwise hold it open forever.
 */
export function shuttingDown(): boolean {
  return shutdown.started;
}

/** How long exit may wait for the last writes; platforms kill a process ~10 s after SIGTERM. */
export const SHUTDOWN_FLUSH_TIMEOUT_MS = 8_000;

/**
 * Writes what this process still holds (request records in single-instance mode) before it
 * exits on SIGTERM or SIGINT.
 *
 * `next start` already shuts down gracefully: on the signal it stops accepting connections,
 * lets in-flight requests finish and waits for their `after()` work (Last Used is written there),
 * then calls process.exit(). Only at that call can nothing more be recorded, so that is where the
 * last flush goes: exit is deferred until `flush` settles, or SHUTDOWN_FLUSH_TIMEOUT_MS.
 *
 * Installed only next to a signal handler that is already there (Next's): a listener of our own
 * would otherwise be the only one, and SIGTERM would no longer end the process.
 */
export function installShutdownFlush(flush: () => Promise<number>): boolean {
  if (process.listenerCount("SIGTERM") === 0) return false;
  const onSignal = (signal: NodeJS.Signals) => {
    shutdown.started = true;
    log.info({ signal }, "shutting down: no new requests; the last records are written before exit");
    const exit = process.exit.bind(process);
    let exiting = false;
    process.exit = ((code?: number | string | null) => {
      if (exiting) return undefined as never;
      exiting = true;
      const started = Date.now();
      const timer = setTimeout(() => {
        log.error({ timeoutMs: SHUTDOWN_FLUSH_TIMEOUT_MS }, "shutdown: the last records could not be written in time");
        exit(code);
      }, SHUTDOWN_FLUSH_TIMEOUT_MS);
      flush()
        .then((written) => log.info({ written, durationMs: Date.now() - started }, "shutdown: records written"))
        .catch((error) => log.error({ reason: errorReason(error) }, "shutdown: could not write the last records"))
        .finally(() => {
          clearTimeout(timer);
          exit(code);
        });
      return undefined as never;
    }) as typeof process.exit;
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  return true;
}
