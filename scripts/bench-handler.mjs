// `npm run bench:handler`: runs tests/bench/keyed-path.bench.ts (the two route handlers in one
// process, no HTTP) and prints what the keyed path adds to a request, and the ratio to the
// baseline that implies for a whole HTTP request, using the server CPU per /api/ping request
// of the latest `npm run bench` in bench-results/ (or 1,000 µs when there is none).
// BENCH_LOG_LEVEL=warn: without the request log line, to see what the rest of the path costs.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { bin } from "./lib/server.mjs";

const RESULTS_DIR = "bench-results";
mkdirSync(RESULTS_DIR, { recursive: true });
const output = path.join(RESULTS_DIR, `keyed-path-${new Date().toISOString().replaceAll(":", "-")}.json`);
const run = spawnSync(bin("vitest"), ["bench", "--run", "tests/bench/keyed-path.bench.ts", "--outputJson", output], {
  stdio: "inherit",
});
if (run.status !== 0) process.exit(run.status ?? 1);

const benchmarks = JSON.parse(readFileSync(output, "utf8")).files.flatMap((file) =>
  file.groups.flatMap((group) => group.benchmarks),
);
const micros = (name) => {
  const found = benchmarks.find((each) => each.name.startsWith(name));
  if (!found) throw new Error(`no benchmark named ${name}`);
  return { median: found.median * 1000, mean: found.mean * 1000 };
};
const ping = micros("GET /api/ping");
const me = micros("GET /api/v1/me");

/** The server's CPU per /api/ping request at 50 connections in the latest HTTP bench. */
function httpBaselineMicros() {
  const files = readdirSync(RESULTS_DIR)
    .filter((name) => /^bench-.*\.json$/.test(name))
    .sort();
  for (const name of files.reverse()) {
    const run = JSON.parse(readFileSync(path.join(RESULTS_DIR, name), "utf8"));
    const memory = run.runs?.find((each) => each.backend === "memory");
    const ratio = memory?.ratios?.find((each) => each.connections === 50 && each.cpuMicrosPerRequest);
    if (ratio) return { micros: ratio.cpuMicrosPerRequest.baseline, from: name };
  }
  return { micros: 1000, from: null };
}

const baseline = httpBaselineMicros();
console.log("\nThe keyed path's own cost (µs per request, handler only):");
for (const [label, figure] of [
  ["median", "median"],
  ["mean", "mean"],
]) {
  const added = me[figure] - ping[figure];
  const ratio = baseline.micros / (baseline.micros + added);
  console.log(
    `  ${label.padEnd(6)} /api/ping ${ping[figure].toFixed(1)}, /api/v1/me ${me[figure].toFixed(1)}: the key adds ${added.toFixed(1)} µs` +
      ` → over HTTP ≈ ${ratio.toFixed(3)}× the baseline`,
  );
}
console.log(
  `  (HTTP: ${baseline.micros} µs of server CPU per /api/ping request, ${baseline.from ? `from ${baseline.from}` : "assumed; run npm run bench for this machine's figure"})`,
);
console.log(`Figures written to ${output}`);
