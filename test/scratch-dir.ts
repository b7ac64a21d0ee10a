import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every temporary folder the tests make, and the harness runs they start (results, scratch files,
// a VM site's work folder), goes under one folder of this test run, removed when it ends: a test
// run leaves nothing behind in /tmp. vitest.config.ts gives it to the test workers as TMPDIR, and
// the harness processes they start inherit it.
export const scratchDir = join(tmpdir(), `harness-tests-${process.pid}`);

export default async function setup(): Promise<() => Promise<void>> {
  await mkdir(scratchDir, { recursive: true });
  return () => rm(scratchDir, { recursive: true, force: true });
}
