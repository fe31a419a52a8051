// Summarizes a V8 .cpuprofile (node --cpu-prof) over a time window (the benchmark's load, not
// the server's start-up): where the CPU went, by area of code, both as self time and as
// inclusive time (a sample counts for every area on its stack: "time spent under Prisma"), and
// the top functions by self time. No profiler UI needed.
import { readFileSync } from "node:fs";

/** Where a function lives: a package, Node's internals, the app's own server chunks, … */
export function codeArea(url) {
  if (!url) return "(native / V8)";
  if (url.startsWith("node:")) return /undici/.test(url) ? "node: undici (fetch)" : "node internals";
  const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (compiled) return `next (compiled ${compiled[1]})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.includes("/.next/server/")) return "app bundle (.next/server)";
  return url;
}

/** The current monotonic clock in the profile's unit (µs), comparable across processes on Linux. */
export function monotonicMicros() {
  return Number(process.hrtime.bigint() / 1000n);
}

export function summarizeProfile(file, { top = 25, from = -Infinity, to = Infinity } = {}) {
  const profile = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfMicros = new Map();
  let time = profile.startTime;
  for (let index = 0; index < profile.samples.length; index++) {
    time += profile.timeDeltas[index] ?? 0;
    if (time < from || time > to) continue;
    const id = profile.samples[index];
    // The delta before the next sample is the time this one stands for.
    const micros = profile.timeDeltas[index + 1] ?? 0;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + micros);
  }
  const functions = new Map();
  const areas = new Map();
  const inclusive = new Map();
  let total = 0;
  let idle = 0;
  const areaOf = (node) =>
    node.callFrame.functionName === "(garbage collector)" ? "(garbage collector)" : codeArea(node.callFrame.url);
  for (const [id, micros] of selfMicros) {
    const node = byId.get(id);
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)") {
      idle += micros;
      continue;
    }
    total += micros;
    const { url, lineNumber } = node.callFrame;
    const key = `${name}  ${url ? `${url.replace(/^.*node_modules\//, "")}:${lineNumber + 1}` : ""}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
    areas.set(areaOf(node), (areas.get(areaOf(node)) ?? 0) + micros);
    const onStack = new Set();
    for (let current = id; current !== undefined; current = parent.get(current)) onStack.add(areaOf(byId.get(current)));
    for (const area of onStack) inclusive.set(area, (inclusive.get(area) ?? 0) + micros);
  }
  const ranked = (map) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, micros]) => ({ name, ms: Math.round(micros / 1000), share: Number((micros / total).toFixed(3)) }));
  return {
    busyMs: Math.round(total / 1000),
    idleMs: Math.round(idle / 1000),
    areas: ranked(areas),
    inclusiveAreas: ranked(inclusive),
    functions: ranked(functions),
  };
}

export function printSummary(title, summary, { perRequestOf } = {}) {
  const perRequest = perRequestOf ? ` (${((summary.busyMs * 1000) / perRequestOf).toFixed(0)} µs per request)` : "";
  console.log(`\n${title}: ${summary.busyMs} ms busy${perRequest}, ${summary.idleMs} ms idle`);
  const print = (heading, rows, count) => {
    console.log(`  ${heading}:`);
    for (const row of rows.slice(0, count))
      console.log(`    ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.name}`);
  };
  print("self time by area", summary.areas, 12);
  print("inclusive time by area (anywhere on the stack)", summary.inclusiveAreas, 14);
  print("top functions by self time", summary.functions, 15);
}

// `node scripts/lib/cpu-profile.mjs <file.cpuprofile>`: the whole profile.
if (import.meta.url === `file://${process.argv[1]}`) {
  printSummary(process.argv[2], summarizeProfile(process.argv[2]));
}
