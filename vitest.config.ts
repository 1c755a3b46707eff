import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests (no database) and integration tests, which run against a
// real Postgres — a fresh database per test file, cloned from a template migrated once per
// run by test/global-setup.ts and dropped afterwards.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/extract/test/**/*.test.ts', 'packages/storage/test/**/*.test.ts', 'packages/contracts/test/**/*.test.ts', 'packages/auth/test/**/*.test.ts', 'test/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // The dashboard's components and client logic, in jsdom.
        test: {
          name: 'web',
          include: ['apps/web/test/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['packages/db/test/**/*.test.ts', 'packages/jobs/test/**/*.test.ts', 'apps/api/test/**/*.test.ts', 'apps/worker/test/**/*.test.ts', 'apps/cli/test/**/*.test.ts', 'packages/client/test/**/*.test.ts', 'e2e/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
        },
      },
    ],
  },
});
