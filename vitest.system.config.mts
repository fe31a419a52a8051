import path from "node:path";
import { defineConfig } from "vitest/config";

// System tests: each file starts production servers (`next start`) of its own against Postgres.
// One file at a time: two servers per file already fill this 2-core machine.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["tests/system/**/*.test.ts"],
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { NODE_ENV: "test" },
  },
});
