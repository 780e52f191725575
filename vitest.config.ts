// Vitest 5's reporter needs Map.groupBy, missing from Node 20: the config runs in the runner's own process.
import './scripts/node20-polyfills.mjs';
import { defineConfig } from 'vitest/config';

// One runner for the whole workspace. Unit tests sit next to their code; the top-level
// tests/ holds tests against real processes (server, redis-server, Chromium).
export default defineConfig({
  test: {
    projects: [
      // property tests run for seconds; on a 2-core CI machine shared with the browser tests, longer
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'server', include: ['server/src/**/*.test.ts'] } },
      // the client's pure modules against real Y.Docs; the browser itself is tested in tests/e2e
      { test: { name: 'client', include: ['client/src/**/*.test.ts'], environment: 'node' } },
      // Tests against real processes on a shared 2-core machine get one retry: a test that fails
      // twice fails the run, and `npm test` names every test that passed only on its retry.
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          retry: 1,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 90_000,
          retry: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
