import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onInterrupt } from '../core/interrupt.ts';
import { runProcess } from '../core/process.ts';

// A temporary root filesystem for debootstrap and chroot work, removed however the work ends: done,
// failed or interrupted. debootstrap mounts /proc, /sys and sometimes a bind of /dev inside it, and a
// recursive remove would walk into those, so everything mounted below it is unmounted first.
export async function withScratchRoot<T>(prefix: string, work: (root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const forget = onInterrupt(`scratch root ${root}`, () => removeScratchRoot(root));
  try {
    return await work(root);
  } finally {
    forget();
    await removeScratchRoot(root);
  }
}

export async function removeScratchRoot(root: string): Promise<void> {
  // A mount may vanish on its own meanwhile (its process died): what counts is the check after.
  for (const mountPoint of mountsBelow(root)) await runProcess(['umount', '-l', mountPoint], { processGroup: true }).catch(() => undefined);
  if (mountsBelow(root).length > 0) throw new Error(`${root} still has mounts below it; not removing it`);
  await rm(root, { recursive: true, force: true });
}

// Mount points at or below `root`, deepest first (the order to unmount them in).
export function mountsBelow(root: string, mounts = readFileSync('/proc/self/mounts', 'utf8')): string[] {
  return mounts
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((point): point is string => point !== undefined && (point === root || point.startsWith(`${root}/`)))
    .sort((a, b) => b.length - a.length);
}

// The environment of a command run in a scratch root with chroot: apt without questions, and none of
// the outside's temporary folder (a TMPDIR such as the tests' scratch folder does not exist inside, and
// package scripts that call mktemp fail on it).
export function chrootEnv(outside: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { TMPDIR: _outsideTmp, ...rest } = outside;
  return { ...rest, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
}
