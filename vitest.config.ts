import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests beside the code, and integration tests in test/ that start real
// Docker hosts (they share one engine and one image build, prepared once by the global setup).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['harness/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          // One file at a time: integration files share the engine and the 2 cores.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
