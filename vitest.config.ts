import { defineConfig } from 'vitest/config';

// The suite runs on the embedded database always, and on PostgreSQL too when TEST_DATABASE_URL is
// set. In CI a missing PostgreSQL is a failure, not a silent skip.
const pgUrl = process.env.TEST_DATABASE_URL;
if (process.env.CI === 'true' && !pgUrl) {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the suite must also run on PostgreSQL in CI');
}

const setupFiles = ['test/no-network.ts'];
const dbTests = { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['src/core/**'], setupFiles, testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      // Core tests are pure but some are property tests over large trees; under CI's full load on two
      // cores they can take several times longer than alone, so they get the same budget as the rest.
      { test: { name: 'core', include: ['src/core/**/*.test.ts'], setupFiles, testTimeout: 30_000 } },
      { test: { name: 'pglite', ...dbTests, env: { MINHBACH_TEST_DB: 'pglite' } } },
      ...(pgUrl ? [{ test: { name: 'postgres', ...dbTests, env: { MINHBACH_TEST_DB: 'postgres', TEST_DATABASE_URL: pgUrl } } }] : []),
      // The web app in real Chromium, against a server on the embedded database (web/e2e).
      // A page may take a few seconds to settle on a loaded CI machine: polls wait up to 10 s.
      {
        test: {
          name: 'browser',
          include: ['web/e2e/**/*.test.ts'],
          setupFiles,
          globalSetup: ['web/e2e/build.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          expect: { poll: { timeout: 10_000 } },
          env: { MINHBACH_TEST_DB: 'pglite' },
        },
      },
    ],
  },
});
