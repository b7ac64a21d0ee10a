import { defineConfig } from 'vitest/config';
import { scratchDir } from './test/scratch-dir.ts';

// Two projects: fast unit tests beside the code, and integration tests in test/ that start real
// Docker hosts (they share one engine and one image build, prepared once by the global setup).
// Both keep their temporary folders under one scratch folder of the test run (test/scratch-dir.ts).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['harness/**/*.test.ts'], env: { TMPDIR: scratchDir }, globalSetup: ['test/scratch-dir.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          env: { TMPDIR: scratchDir },
          globalSetup: ['test/scratch-dir.ts', 'test/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          // One file at a time: integration files share the engine and the 2 cores.
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
