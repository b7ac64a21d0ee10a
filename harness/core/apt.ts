import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { HarnessError } from './errors.ts';
import type { Progress } from './progress.ts';

export function canUseApt(): boolean {
  return process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

let updated = false;

// Installs Debian packages on this machine (root only); used for docker.io, debootstrap and gcc.
export async function aptInstall(packages: readonly string[], progress: Progress): Promise<void> {
  if (!canUseApt()) {
    throw new HarnessError('APT_UNAVAILABLE', `Needs the Debian packages ${packages.join(', ')}; install them (as root: apt-get install ${packages.join(' ')}) and run again.`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!updated) {
    await run('apt-get', ['update', '-qq'], env);
    updated = true;
  }
  progress.line(`apt: installing ${packages.join(' ')}`);
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], env);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new HarnessError('APT_FAILED', `${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}
