/**
 * Tells "the database cannot be reached" (→ 503, the caller should retry) apart from every
 * other failure (→ 500). Prisma with a driver adapter reports connection trouble in several
 * shapes, so this walks the error, its `meta` and its `cause` chain looking for any of them.
 */

/** Prisma codes: can't reach server, timed out, server closed the connection, pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);

/** Driver adapter error kinds (@prisma/adapter-pg's convertDriverError). */
const ADAPTER_KINDS = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
  "TlsConnectionError",
]);

/** Node socket errors and Postgres SQLSTATEs for "cannot serve connections now". */
const NODE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "EPIPE",
  "EAI_AGAIN",
]);
const SQLSTATE_UNAVAILABLE = /^(08...|57P0[1-3]|53300)$/;

/** pg-pool and pg raise these as plain Errors without a code. */
const MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Can't reach database server/i,
  /Client has encountered a connection error/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      kind?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
      cause?: unknown;
    };
    const code = typeof candidate.code === "string" ? candidate.code : undefined;
    if (code && (PRISMA_CODES.has(code) || NODE_CODES.has(code) || SQLSTATE_UNAVAILABLE.test(code))) return true;
    if (typeof candidate.kind === "string" && ADAPTER_KINDS.has(candidate.kind)) return true;
    const adapterCause = candidate.meta?.driverAdapterError?.cause;
    if (typeof adapterCause?.kind === "string" && ADAPTER_KINDS.has(adapterCause.kind)) return true;
    if (typeof adapterCause?.originalCode === "string" && SQLSTATE_UNAVAILABLE.test(adapterCause.originalCode)) {
      return true;
    }
    if (
      typeof candidate.message === "string" &&
      MESSAGES.some((pattern) => pattern.test(candidate.message as string))
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}
