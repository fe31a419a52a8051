// How `npm run bench` turns interleaved rounds into figures: a route's median round, and its
// ratio to the baseline paired round by round. Apart from the harness (servers, load, printing)
// so that the statistic itself has a test (bench-rounds.test.ts).

const BASELINE = "/api/ping";
const ME = "/api/v1/me";
const CALLS = "/api/v1/calls?limit=20";

export interface RouteResult {
  route: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** CPU the server spent per request (µs, user + system), where /proc tells. */
  cpuMicrosPerRequest?: number;
  /** req/s of each round, in order (interleaved with the other routes). */
  rounds?: number[];
  /** Requests answered in this run, all servers together. */
  requests?: number;
  /** Upstash backend: Redis commands the bridge received during this run (Upstash bills per command). */
  upstashCommands?: number;
}

export interface PairedRatios {
  connections: number;
  me: number;
  /** null when /calls was not driven (--routes). */
  calls: number | null;
  meByRound: number[];
  /** The baseline's CPU per request over /me's, round by round, median: 1 = a keyed call costs the server no more. */
  meCpu: number | null;
  /** Median CPU µs per request of the baseline and of /me. */
  cpuMicros: { baseline: number; me: number } | null;
}

/**
 * The ratio to the baseline, round by round: each route's req/s over /api/ping's in the same
 * round (minutes apart at most), then the median of those. Pairing cancels what drifts between
 * rounds (other work on the machine, its clock), which a ratio of two medians taken from
 * different rounds keeps: on a shared 2-core machine that drift is larger than the effect measured.
 */
export function roundRatios(rounds: Map<string, RouteResult[]>): Omit<PairedRatios, "connections"> {
  const baseline = rounds.get(BASELINE) ?? [];
  // A round whose baseline served nothing (the machine stalled) has no ratio.
  const byRound = (route: string) =>
    (rounds.get(route) ?? [])
      .map((result, round) => result.requestsPerSecond / baseline[round].requestsPerSecond)
      .filter(Number.isFinite);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const meByRound = byRound(ME);
  const me = rounds.get(ME) ?? [];
  const cpuOf = (results: RouteResult[]) => results.map((result) => result.cpuMicrosPerRequest ?? Number.NaN);
  const cpuKnown = [...cpuOf(baseline), ...cpuOf(me)].every(Number.isFinite);
  return {
    me: Number(median(meByRound).toFixed(2)),
    calls: rounds.has(CALLS) ? Number(median(byRound(CALLS)).toFixed(2)) : null,
    meByRound: meByRound.map((ratio) => Number(ratio.toFixed(2))),
    meCpu: cpuKnown
      ? Number(
          median(
            cpuOf(me)
              .map((micros, round) => cpuOf(baseline)[round] / micros)
              .filter(Number.isFinite),
          ).toFixed(2),
        )
      : null,
    cpuMicros: cpuKnown ? { baseline: median(cpuOf(baseline)), me: median(cpuOf(me)) } : null,
  };
}

/** The round with the median throughput; non-2xx and errors summed over all rounds. */
export function medianRound(rounds: RouteResult[]): RouteResult {
  const sorted = [...rounds].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  const median = sorted[Math.floor(sorted.length / 2)];
  return {
    ...median,
    non2xx: rounds.reduce((sum, round) => sum + round.non2xx, 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    rounds: rounds.map((round) => round.requestsPerSecond),
  };
}
