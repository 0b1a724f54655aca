import { defineConfig } from 'vitest/config';

// One runner for unit, integration and browser tests. Browser tests (test/browser) drive Debian's
// Chromium through playwright-core against the real Node side; they run last and in one fork.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Two cores: training tests are CPU-bound, so run files two at a time at most.
    maxWorkers: 2,
    reporters: ['default'],
    // Test files run two at a time on two cores: one wasm thread per training keeps them from fighting.
    env: { TRAINBENCH_WASM_THREADS: '1' },
  },
});
