// CPU time a process and its descendants have used, from /proc (Linux): the benchmark's second
// figure. Throughput on a shared machine moves with whatever else runs on it; the CPU the server
// spends per request moves far less, and is what a keyed request costs the operator.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields count from its ")".
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // gone meanwhile, or not Linux
  }
}

/** µs of CPU (user + system) used so far by `pid` and every process below it; null off Linux. */
export function treeCpuMicros(pid) {
  const all = new Map();
  let pids;
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const each of pids) {
    const info = stat(each);
    if (info) all.set(Number(each), info);
  }
  if (!all.has(pid)) return null;
  const children = new Map();
  for (const [each, info] of all) children.set(info.ppid, [...(children.get(info.ppid) ?? []), each]);
  let ticks = 0;
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.pop();
    ticks += all.get(current)?.ticks ?? 0;
    queue.push(...(children.get(current) ?? []));
  }
  return (ticks * 1_000_000) / TICKS_PER_SECOND;
}
