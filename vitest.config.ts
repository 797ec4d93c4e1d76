import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // *.pg.test.ts need a PostgreSQL server: they run in the suite's PostgreSQL pass.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: process.env.TEST_DATABASE_URL ? [] : ['**/*.pg.test.ts'],
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
