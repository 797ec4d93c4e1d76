import { defineConfig } from 'vitest/config';

/**
 * Browser journeys: one real Chromium per spec file, one spec file at a time, because the
 * machines have two cores shared with other test runs. Timeouts are generous, never assertions.
 */
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // The demo database, seeded once for the run and copied by each spec's site (test/demo-fixture.ts).
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    maxWorkers: 1,
    minWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
