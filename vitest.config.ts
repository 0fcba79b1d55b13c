import { defineConfig } from 'vitest/config';

/** Starts one real Meilisearch for the run and builds dist/ (see the file); unit tests need neither. */
const withMeili = { globalSetup: ['test/support/global-setup.ts'] };

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      // Pure functions and data: no Meilisearch, no network, no build; runs anywhere in seconds.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts', 'test/fuzz/**/*.test.ts'] } },
      // Real Meilisearch, the CLI and `npm start` as child processes.
      { extends: true, test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...withMeili } },
      // Quality floors on the seed and the shared corpora.
      { extends: true, test: { name: 'acceptance', include: ['test/acceptance/**/*.test.ts'], ...withMeili } },
      // The search page in Chromium.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], ...withMeili } },
    ],
  },
});
