import { defineConfig } from 'vitest/config';

// Three tiers (docs/ARCHITECTURE.md): pure rules in milliseconds, endpoints on a real
// migrated database (PGlite by default, the PostgreSQL server with PEERBRIDGE_TEST_DB=postgres),
// and the web app in Debian Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file opens its own fresh database; two cores, so two at a time.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Two files at a time, each with its own server and browser; the web app is built once first.
          maxWorkers: 2,
          globalSetup: ['test/browser/global-setup.ts'],
        },
      },
    ],
  },
});
