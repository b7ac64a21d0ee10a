import { existsSync } from 'node:fs';
import { runProcess } from './process.ts';
import { HarnessError } from './errors.ts';
import type { Progress } from './progress.ts';

export function canUseApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

let updated = false;
// One apt-get at a time: image builds run side by side, and two would fight over dpkg's lock.
let queue: Promise<unknown> = Promise.resolve();

// Installs Debian packages on this machine (root only); used for docker.io, debootstrap and gcc.
export function aptInstall(packages: readonly string[], progress: Progress): Promise<void> {
  const next = queue.then(() => installNow(packages, progress));
  queue = next.catch(() => {});
  return next;
}

async function installNow(packages: readonly string[], progress: Progress): Promise<void> {
  if (!canUseApt()) {
    throw new HarnessError('APT_UNAVAILABLE', `Needs the Debian packages ${packages.join(', ')}; install them (as root: apt-get install ${packages.join(' ')}) and run again.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    await runProcess(['apt-get', 'update', '-qq'], { env, errorCode: 'APT_FAILED' });
    updated = true;
  }
  progress.line(`apt: installing ${packages.join(' ')}`);
  await runProcess(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages], { env, errorCode: 'APT_FAILED' });
}
