import { defineConfig } from 'vitest/config';

// Browser tests: a real server process and Debian's Chromium driven by playwright-core.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // a page on a busy 2-core machine can take seconds to show what a poll waits for (default 1 s)
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
  },
});
