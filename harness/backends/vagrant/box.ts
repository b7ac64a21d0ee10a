import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { suiteRecipe } from '../../images/suites.ts';
import { compileNetprobe, netprobeSource } from '../../images/netprobe-binary.ts';
import { removeScratchRoot, withScratchRoot } from '../../images/scratch-root.ts';
import { onInterrupt } from '../../core/interrupt.ts';
import type { Progress } from '../../core/progress.ts';
import { writeBootDisk } from './boot-disk.ts';
import { packBox } from './box-package.ts';
import { boxConfigureScript, buildGuestRoot, guestFilesDir, guestPackages, harnessGuestContents, vmDir, type GuestRootContents } from './guest-root.ts';
import type { SuiteRecipe } from '../../images/suites.ts';
import { phaseClock } from './phase-clock.ts';

// A box the VMs of a run boot from, as Vagrant names it.
export interface Box {
  readonly name: string;
  // Built by the harness with everything a host needs; on any other box the harness installs what
  // is missing over SSH (harness/backends/vagrant/guest-setup.ts).
  readonly own: boolean;
  // A .box file each project adds, or a Vagrant home that already holds the box (one downloaded).
  readonly from: { readonly file: string } | { readonly vagrantHome: string };
}

// What the VM backend keeps across runs (boxes, downloaded packages), outside the repository.
export function harnessCacheDir(): string {
  return process.env.HARNESS_CACHE_DIR ?? '/var/cache/docker-fw-harness';
}

// Boxes are big (~1 GB) and slow to build: keep them across runs.
export function boxCacheDir(): string {
  return join(harnessCacheDir(), 'boxes');
}

// The libvirt Vagrant box of a Debian suite's Docker host, built from Debian packages the first time
// and cached by a hash of everything that goes into it.
export async function ensureBox(suite: string, progress: Progress): Promise<Box> {
  const recipe = suiteRecipe(suite);
  const name = `harness-${suite}-${await recipeHash(JSON.stringify(recipe))}`;
  const dir = boxCacheDir();
  const path = join(dir, `${name}.box`);
  if (existsSync(path)) return { name, own: true, from: { file: path } };

  const say = phaseClock(progress, `box ${name}`);
  say('building; the first build takes a few minutes');
  const netprobe = await compileNetprobe(progress);
  try {
    await buildBox(recipe, harnessGuestContents(recipe, name, netprobe), path, say, progress);
  } finally {
    await rm(join(netprobe, '..'), { recursive: true, force: true });
  }
  // A box is about 1 GB: one per suite, the current recipe's, is enough.
  for (const stale of (await readdir(dir)).filter((file) => file.startsWith(`harness-${suite}-`) && file.endsWith('.box') && file !== `${name}.box`)) {
    await rm(join(dir, stale), { force: true });
  }
  say(`done: ${path}`);
  return { name, own: true, from: { file: path } };
}

// Builds the box file `path` from debootstrap and `contents`. The disk and the box are written next
// to it (they need a few GB) and renamed into place when done, so an interrupted build leaves nothing.
export async function buildBox(recipe: SuiteRecipe, contents: GuestRootContents, path: string, say: (text: string) => void, progress: Progress): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const work = await mkdtemp(join(dirname(path), `.build-${basename(path, '.box')}-`));
  const forget = onInterrupt(`box build ${work}`, () => removeScratchRoot(work));
  try {
    await withScratchRoot(`harness-box-${recipe.suite}-`, async (root) => {
      await buildGuestRoot(recipe, root, contents, say, progress);
      say('writing the boot disk');
      await writeBootDisk(root, join(work, 'box.img'), progress);
    });
    say('packing the box');
    await packBox(work, join(work, 'box'));
    await rename(join(work, 'box'), path);
  } finally {
    forget();
    await removeScratchRoot(work);
  }
}

// The modules that decide how a box is built: changing one makes a new box too.
export const boxBuilders = ['guest-root.ts', 'boot-disk.ts', 'box-package.ts'].map((file) => new URL(file, import.meta.url).pathname);

// A change to the packages, netprobe, any file that goes into the guest or the build makes a new box.
async function recipeHash(recipe: string): Promise<string> {
  const hash = createHash('sha256').update(recipe).update(guestPackages.join(' '));
  for (const file of [netprobeSource, boxConfigureScript, ...boxBuilders, ...(await filesUnder(guestFilesDir))]) {
    hash.update(`\0${relative(vmDir, file)}\0`).update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 12);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)).sort();
}
