import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The domain events' subscribers, registered as buildApp does (server/subscriptions.ts).
    setupFiles: ['tests/helpers/subscriptions.ts'],
    // Two cores: one PGlite (or one PostgreSQL database) per file, two files at a time.
    maxWorkers: 2,
    projects: [
      // Property tests run hundreds of cases; the default 5 s is too tight on a busy two-core machine.
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          // One migrated PGlite, copied by every file (tests/helpers/pglite-template.ts).
          globalSetup: ['tests/helpers/pglite-template.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
