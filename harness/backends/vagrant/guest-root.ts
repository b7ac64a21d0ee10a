import { chmod, copyFile, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { aptInstall } from '../../core/apt.ts';
import { HarnessError } from '../../core/errors.ts';
import { runProcess } from '../../core/process.ts';
import { debianMirror } from '../../images/mirror.ts';
import { chrootEnv } from '../../images/scratch-root.ts';
import type { SuiteRecipe } from '../../images/suites.ts';
import type { Progress } from '../../core/progress.ts';
import { traceLine } from './log.ts';

// What a VM needs on top of a Docker host's packages: a kernel, an init, and what Vagrant and the
// harness log in and configure the network with. apparmor: without it `docker run` fails in a VM.
// openssh-client: its scp is how Vagrant uploads provisioners (forky's sshd no longer brings it).
// iputils-ping: a first check of a NIC the harness configured over SSH. Plus a DHCP client (below).
export const guestPackages = ['linux-image-amd64', 'systemd-sysv', 'udev', 'openssh-server', 'openssh-client', 'sudo', 'ifupdown', 'apparmor', 'iputils-ping'];
// ifupdown's dhcp method runs whichever it finds; Debian dropped isc-dhcp-client after trixie.
const dhcpClients = ['isc-dhcp-client', 'dhcpcd-base'];

export const vmDir = new URL('../../../vm/', import.meta.url).pathname;
// Copied verbatim over the root filesystem (udev rule for mgmt0, interfaces, sshd, sudo, Vagrant's key).
export const guestFilesDir = join(vmDir, 'guest');
// Run inside the root filesystem last: users, services off, boot loader configuration.
export const boxConfigureScript = join(vmDir, 'box-configure.sh');

// What goes into a guest's root filesystem besides debootstrap's minimal Debian.
export interface GuestRootContents {
  // Installed with their dependencies, plus whichever DHCP client the suite has.
  readonly packages: readonly string[];
  // Trees copied over the root, each to a path inside it ('/' for the root itself).
  readonly trees: readonly (readonly [from: string, to: string])[];
  // Single files, each to a path inside the root, with a mode.
  readonly files: readonly (readonly [from: string, to: string, mode: number])[];
  // Run inside the root last (as `sh script ...args`): users, services, boot loader configuration.
  readonly configure: readonly [script: string, ...args: string[]];
}

// The harness's own box: the suite's Docker host packages and guestPackages, vm/guest/, netprobe at
// /usr/local/bin/netprobe, then vm/box-configure.sh.
export function harnessGuestContents(recipe: SuiteRecipe, boxName: string, netprobe: string): GuestRootContents {
  return {
    packages: [...recipe.packages, ...guestPackages],
    trees: [[guestFilesDir, '/']],
    files: [[netprobe, '/usr/local/bin/netprobe', 0o755]],
    configure: [boxConfigureScript, boxName],
  };
}

// Fills `root` with a bootable Debian for `recipe.suite`: debootstrap, then `contents`.
export async function buildGuestRoot(recipe: SuiteRecipe, root: string, contents: GuestRootContents, say: (text: string) => void, progress: Progress): Promise<void> {
  if (!existsSync('/usr/sbin/debootstrap')) await aptInstall(['debootstrap'], progress);
  const mirror = debianMirror();
  say(`debootstrap ${recipe.suite} from ${mirror}`);
  const args = ['--variant=minbase', recipe.suite, root, mirror];
  if (recipe.debootstrapScript) args.push(recipe.debootstrapScript);
  // debootstrap runs package scripts in the root too: the root's environment, not the outside's.
  await runProcess(['debootstrap', ...args], { processGroup: true, onLine: traceLine, env: chrootEnv() });

  // No daemon may start inside the chroot while packages install; the VM itself must start them.
  const policy = join(root, 'usr/sbin/policy-rc.d');
  await writeFile(policy, '#!/bin/sh\nexit 101\n');
  await chmod(policy, 0o755);
  const apt = ['apt-get', ...recipe.aptOptions];
  const env = chrootEnv();
  await runProcess(['chroot', root, ...apt, 'update', '-qq'], { processGroup: true, onLine: traceLine, env });
  const packages = [...contents.packages, await firstAvailable(root, dhcpClients)];
  say(`installing ${packages.length} packages with their dependencies`);
  let unpacked = 0;
  await runProcess(['chroot', root, ...apt, 'install', '-y', '--no-install-recommends', ...packages], {
    processGroup: true,
    env,
    onLine: (line) => {
      traceLine(line);
      if (line.startsWith('Unpacking') && ++unpacked % 50 === 0) say(`apt: ${unpacked} packages unpacked`);
    },
  });

  say('adding files and the boot loader configuration');
  for (const [from, to] of contents.trees) await cp(from, join(root, to), { recursive: true });
  for (const [from, to, mode] of contents.files) {
    await mkdir(join(root, dirname(to)), { recursive: true });
    await copyFile(from, join(root, to));
    await chmod(join(root, to), mode);
  }
  const [script, ...scriptArgs] = contents.configure;
  await copyFile(script, join(root, 'tmp/configure.sh'));
  await runProcess(['chroot', root, 'sh', '/tmp/configure.sh', ...scriptArgs], { processGroup: true, onLine: traceLine, env });

  await runProcess(['chroot', root, 'apt-get', 'clean'], { processGroup: true, env });
  await rm(join(root, 'tmp/configure.sh'));
  await rm(join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
  await mkdir(join(root, 'var/lib/apt/lists/partial'), { recursive: true });
  await rm(policy);
}

// The first of `names` the suite's archive has.
async function firstAvailable(root: string, names: readonly string[]): Promise<string> {
  for (const name of names) {
    // A package only referred to by others (one Debian dropped) has no "Package:" stanza.
    const stanza = await runProcess(['chroot', root, 'apt-cache', 'show', '--no-all-versions', name], { processGroup: true, env: chrootEnv() }).then((result) => result.stdout, () => '');
    if (/^Package: /m.test(stanza)) return name;
  }
  throw new HarnessError('BOX_BUILD_FAILED', `None of ${names.join(', ')} is in the archive the box is built from`);
}
