// The in-process CPU measures of the keyed path (tests/bench/*.cpu.ts), kept out of the test
// suite: `npx vitest run --config tests/bench/vitest.cpu.config.mts` from the project's root.
// What they measure and the figures: docs/benchmarks/2026-12-06-keyed-path/.
import base from "../../vitest.config.mts";

// biome-ignore lint/style/noDefaultExport: Vitest reads a config file's default export
export default { ...base, test: { ...base.test, include: ["tests/bench/*.cpu.ts"] } };
