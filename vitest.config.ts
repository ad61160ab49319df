import { defineConfig } from 'vitest/config';

// Two projects in one run (one JSON report for CI's totals): unit/integration tests beside the
// code, and the browser end-to-end tests that need the built app.
export default defineConfig({
  test: {
    globalSetup: ['scripts/test-global-setup.mjs'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src-*/**/*.test.ts', 'bench/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
