import { resolve } from 'node:path';
import { engineClient } from '../harness/engine/engine.ts';
import { ensureEngine } from '../harness/engine/install-engine.ts';
import { ensureHostImage } from '../harness/images/host-image.ts';
import { terminalProgress } from '../harness/progress.ts';

// Integration tests need an engine and the bookworm host image; prepare both once, before any timer runs.
export default async function setup(): Promise<void> {
  const docker = engineClient();
  await ensureEngine(docker, resolve('results', 'engine'), terminalProgress);
  await ensureHostImage(docker, 'bookworm', terminalProgress);
}
