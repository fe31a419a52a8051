import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Where every bench writes its logs, profiles and figures. */
export const RESULTS_DIR = "bench-results";

/**
 * The 1-minute load average from now until the returned function is called, which prints it:
 * figures measured on a busy machine are lower, and the reader should know.
 */
export function watchLoadAverage(): () => { start: number; end: number; cpus: number } {
  const start = os.loadavg()[0];
  return () => {
    const end = os.loadavg()[0];
    const cpus = os.cpus().length;
    console.log(`\nLoad average (1 min) at start ${start.toFixed(2)}, at end ${end.toFixed(2)} (${cpus} CPUs)`);
    return { start, end, cpus };
  };
}

/** Writes `figures`, dated, to bench-results/<name>-<time>.json and says where. */
export function writeResults(name: string, figures: Record<string, unknown>, said = "Figures written to"): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const date = new Date().toISOString();
  const file = path.join(RESULTS_DIR, `${name}-${date.replaceAll(":", "-")}.json`);
  writeFileSync(file, JSON.stringify({ date, ...figures }, null, 2));
  console.log(`${said} ${file}`);
  return file;
}
