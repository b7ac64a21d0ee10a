import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { aptInstall } from '../harness/core/apt.ts';
import { engineClient } from '../harness/backends/dind/engine.ts';
import { ensureEngine } from '../harness/backends/dind/install-engine.ts';
import { ensureHostImage } from '../harness/backends/dind/host-image.ts';
import { terminalProgress } from '../harness/core/progress.ts';

// Integration tests need an engine and the bookworm host image; prepare both once, before any timer runs.
// socat is the tests' own tool (a relay the faults test takes the engine away with).
export default async function setup(): Promise<void> {
  if (!existsSync('/usr/bin/socat')) await aptInstall(['socat'], terminalProgress);
  const docker = engineClient();
  await ensureEngine(docker, resolve('results', 'engine'), terminalProgress);
  await ensureHostImage(docker, 'bookworm', terminalProgress);
}
