import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'test/e2e/**'],
    // the engine's initdb once a run, not once a file (test/pglite-template.ts)
    globalSetup: ['test/pglite-template.ts'],
    // a test file on every core: vitest's default (cores − 1) ran one at a time on two cores, and a
    // file spends much of its time importing the server and starting its database, not in PostgreSQL
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
