import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { runProcess } from '../../core/process.ts';
import type { Progress } from '../../core/progress.ts';
import { harnessCacheDir, type Box } from './box.ts';
import { traceLine } from './log.ts';
import { vagrantBoxDir } from './vagrant.ts';

// A box the user names instead of the harness's own (--vm-box): a .box file, or a name in a box
// catalog ("debian/bookworm64", from Vagrant's default server or VAGRANT_SERVER_URL).
export type BoxChoice = { readonly file: string } | { readonly catalogName: string };

export function parseBoxChoice(value: string): BoxChoice {
  if (value.endsWith('.box') || value.startsWith('/') || value.startsWith('.')) {
    const file = resolve(value);
    if (!existsSync(file) || !statSync(file).isFile()) throw new HarnessError('BAD_OPTION', `--vm-box ${value}: no such box file`);
    return { file };
  }
  if (/^[\w.-]+\/[\w.-]+$/.test(value)) return { catalogName: value };
  throw new HarnessError('BAD_OPTION', `--vm-box ${value}: neither a .box file nor a box name like debian/bookworm64`);
}

// Boxes downloaded from a catalog stay here across runs, as they would in a user's own Vagrant home.
export function userBoxHome(): string {
  return join(harnessCacheDir(), 'vagrant-home');
}

// The box ready for projects: a file as it is (named after its path, which a project adds and removes
// again); a catalog name downloaded once, outside the run's network namespace (the only place here
// with a route to a catalog), into userBoxHome().
export async function resolveUserBox(choice: BoxChoice, progress: Progress): Promise<Box> {
  if ('file' in choice) {
    const { size, mtimeMs } = statSync(choice.file);
    const tag = createHash('sha256').update(`${choice.file}\0${size}\0${mtimeMs}`).digest('hex').slice(0, 8);
    const stem = basename(choice.file, '.box').replace(/[^\w.-]/g, '-');
    return { name: `user-${stem}-${tag}`, own: false, from: { file: choice.file } };
  }
  const home = userBoxHome();
  if (!(await holdsLibvirtBox(home, choice.catalogName))) {
    await mkdir(home, { recursive: true });
    progress.line(`box ${choice.catalogName}: downloading it from ${process.env.VAGRANT_SERVER_URL || "Vagrant's box catalog"} into ${home}`);
    const env = { ...process.env, VAGRANT_HOME: home, VAGRANT_CHECKPOINT_DISABLE: '1', VAGRANT_NO_COLOR: '1' };
    await runProcess(['vagrant', 'box', 'add', choice.catalogName, '--provider', 'libvirt', '--no-color'], { processGroup: true, onLine: traceLine, env }).catch((error: unknown) => {
      throw new HarnessError('VM_BOX_UNAVAILABLE', `--vm-box ${choice.catalogName}: vagrant could not add it for libvirt: ${error instanceof Error ? error.message : String(error)}`);
    });
  }
  return { name: choice.catalogName, own: false, from: { vagrantHome: home } };
}

// Vagrant keeps a box as boxes/NAME/VERSION/PROVIDER/.
async function holdsLibvirtBox(home: string, name: string): Promise<boolean> {
  const dir = join(home, 'boxes', vagrantBoxDir(name));
  const versions = await readdir(dir).catch(() => []);
  return versions.some((version) => existsSync(join(dir, version, 'libvirt', 'box.img')));
}
