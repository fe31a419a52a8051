import { describe, expect, it } from "vitest";
import { medianRound, type RouteResult, roundRatios } from "./bench-rounds";

const round = (route: string, requestsPerSecond: number, extra: Partial<RouteResult> = {}): RouteResult => ({
  route,
  connections: 50,
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 2,
  non2xx: 0,
  errors: 0,
  ...extra,
});
const rounds = (entries: Record<string, number[]>) =>
  new Map(Object.entries(entries).map(([route, values]) => [route, values.map((value) => round(route, value))]));

describe("npm run bench's round statistics", () => {
  it("pairs each round's /me with the baseline of the same round, so drift between rounds cancels", () => {
    // The machine slows down from round to round; /me is always 0.9 of the baseline beside it.
    const result = roundRatios(rounds({ "/api/ping": [1000, 500, 250], "/api/v1/me": [900, 450, 225] }));
    expect(result.me).toBe(0.9);
    expect(result.meByRound).toEqual([0.9, 0.9, 0.9]);
  });

  it("leaves out a round whose baseline served nothing, and says when /calls was not driven", () => {
    const result = roundRatios(rounds({ "/api/ping": [0, 1000, 1000], "/api/v1/me": [800, 950, 970] }));
    expect(result.meByRound).toEqual([0.95, 0.97]);
    expect(result.me).toBe(0.96);
    expect(result.calls).toBeNull();
    expect(
      roundRatios(rounds({ "/api/ping": [1000], "/api/v1/me": [900], "/api/v1/calls?limit=20": [400] })).calls,
    ).toBe(0.4);
  });

  it("gives CPU ratios only when every round knows its CPU", () => {
    const withCpu = new Map([
      ["/api/ping", [round("/api/ping", 1000, { cpuMicrosPerRequest: 900 })]],
      ["/api/v1/me", [round("/api/v1/me", 900, { cpuMicrosPerRequest: 1000 })]],
    ]);
    expect(roundRatios(withCpu).meCpu).toBe(0.9);
    expect(roundRatios(withCpu).cpuMicros).toEqual({ baseline: 900, me: 1000 });
    expect(roundRatios(rounds({ "/api/ping": [1000], "/api/v1/me": [900] })).meCpu).toBeNull();
  });

  it("takes a route's median round and sums the failures of all its rounds", () => {
    const all = [
      round("/api/v1/me", 300, { non2xx: 1 }),
      round("/api/v1/me", 100, { errors: 2 }),
      round("/api/v1/me", 200, { non2xx: 3 }),
    ];
    expect(medianRound(all)).toMatchObject({ requestsPerSecond: 200, non2xx: 4, errors: 2, rounds: [300, 100, 200] });
  });
});
