import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Known: AWS SDK releases after January 2027 need Node 22 (docs/running-locally.md); keep test output readable.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // Tests bind to loopback only and start their own engines; the suites share two cores.
    projects: [
      // No unit test mocks a module or changes env or globals (pdf.js's leak guard, installed
      // once, only drops pdf.js's own errors), so the files can share one module graph: import
      // time 31 s down to 5 s on two cores.
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], isolate: false },
      },
      {
        extends: true,
        // Synthesis bundles every function with esbuild: slow-ish, especially in parallel.
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Each file makes its own table and stack; loading the SDK and the functions once
          // for all of them takes the import time from 95 s to 27 s.
          isolate: false,
        },
      },
      {
        extends: true,
        // Crashes, outages, throttling and load, on engines of their own or the same kind as
        // integration's; `npm test` runs them on their own (infra/local/run-tests.ts).
        test: {
          name: 'faults',
          include: ['test/faults/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // The whole local stack (its own engines), as `npm start` runs it.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 60_000 } },
    ],
  },
})
