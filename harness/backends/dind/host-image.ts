import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { aptInstall } from '../../core/apt.ts';
import { HarnessError } from '../../core/errors.ts';
import { log } from '../../core/log.ts';
import type { Progress } from '../../core/progress.ts';
import { onInterrupt } from '../../core/interrupt.ts';
import { runProcess, startProcess } from '../../core/process.ts';
import { chrootEnv, withScratchRoot } from '../../images/scratch-root.ts';
import { debianMirror } from '../../images/mirror.ts';
import { compileNetprobe, netprobeSource } from '../../images/netprobe-binary.ts';
import { suiteRecipe, type SuiteRecipe } from '../../images/suites.ts';

import { hostInitScript as hostInitSource } from './start-machine.ts';
import { dockerVersionLabel, packagedDockerVersion } from './image-docker-version.ts';
export const imageLabel = 'io.github.docker-fw-harness.image';

function hashOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 12);
}

async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

// The Docker-host image for a Debian suite: a cached base (debootstrap + packages, minutes) under a
// thin layer with the harness's own assets (seconds), each tagged by a hash of what went into it.
// `rebuild` builds both again (Debian's archive moves on while the recipe stays the same); the tags
// move to the new images only when each build has finished, so an interrupted rebuild keeps the old ones.
export async function ensureHostImage(docker: Docker, suite: string, progress: Progress, options: { readonly rebuild?: boolean } = {}): Promise<string> {
  const recipe = suiteRecipe(suite);
  const baseTag = `harness-base:${suite}-${hashOf(JSON.stringify(recipe))}`;
  const assets = await Promise.all([readFile(netprobeSource, 'utf8'), readFile(hostInitSource, 'utf8')]);
  const hostTag = `harness-host:${suite}-${hashOf(baseTag, ...assets)}`;
  if (!options.rebuild && (await imageExists(docker, hostTag))) return hostTag;
  if (options.rebuild || !(await imageExists(docker, baseTag))) await buildBase(docker, recipe, baseTag, progress);
  await addAssets(docker, baseTag, hostTag, progress);
  return hostTag;
}

async function buildBase(docker: Docker, recipe: SuiteRecipe, tag: string, progress: Progress): Promise<void> {
  if (!existsSync('/usr/sbin/debootstrap')) await aptInstall(['debootstrap'], progress);
  const mirror = debianMirror();
  await withScratchRoot(`harness-rootfs-${recipe.suite}-`, async (root) => {
    const started = Date.now();
    const say = (text: string) => progress.line(`image ${tag}: ${text} (${Math.round((Date.now() - started) / 1000)} s)`);
    const trace = (line: string) => log.image(line);
    say(`debootstrap ${recipe.suite} from ${mirror}; the first build takes a few minutes`);
    const args = ['--variant=minbase', recipe.suite, root, mirror];
    if (recipe.debootstrapScript) args.push(recipe.debootstrapScript);
    let retrieved = 0;
    // debootstrap runs package scripts in the root too: the root's environment, not the outside's.
    await runProcess(['debootstrap', ...args], {
      processGroup: true,
      env: chrootEnv(),
      onLine: (line) => {
        trace(line);
        if (line.startsWith('I: Retrieving') && ++retrieved % 25 === 0) say(`debootstrap: ${retrieved} packages retrieved`);
      },
    });
    // Daemons must not start inside the chroot while packages install.
    await writeFile(join(root, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n');
    await chmod(join(root, 'usr/sbin/policy-rc.d'), 0o755);
    say(`installing ${recipe.packages.join(' ')}`);
    const apt = ['apt-get', ...recipe.aptOptions];
    const env = chrootEnv();
    await runProcess(['chroot', root, ...apt, 'update', '-qq'], { processGroup: true, onLine: trace, env });
    let unpacked = 0;
    await runProcess(['chroot', root, ...apt, 'install', '-y', '--no-install-recommends', ...recipe.packages], {
      processGroup: true,
      env,
      onLine: (line) => {
        trace(line);
        if (line.startsWith('Unpacking') && ++unpacked % 40 === 0) say(`apt: ${unpacked} packages unpacked`);
      },
    });
    await runProcess(['chroot', root, 'apt-get', 'clean'], { processGroup: true, env });
    await rm(join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
    await mkdir(join(root, 'var/lib/apt/lists/partial'), { recursive: true });
    say('importing into the engine');
    await importDirectory(docker, root, tag);
    say('done');
  });
}

// `tar -C root -c . | docker import`, through the engine API so a remote engine works too.
async function importDirectory(docker: Docker, root: string, tag: string): Promise<void> {
  const tar = startProcess(['tar', '--numeric-owner', '-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [repo, version] = tag.split(':');
  const stream = await docker.importImage(tar.stdout!, { repo, tag: version, changes: [`LABEL ${imageLabel}=${repo}`] } as object);
  await new Promise<void>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, events: Array<{ error?: string }>) => {
      const failed = error ?? events.find((event) => event.error);
      if (failed) reject(new HarnessError('IMAGE_IMPORT_FAILED', `importing ${tag} failed: ${failed instanceof Error ? failed.message : failed.error}`));
      else resolve();
    }),
  );
}

async function addAssets(docker: Docker, baseTag: string, hostTag: string, progress: Progress): Promise<void> {
  progress.line(`image ${hostTag}: adding netprobe and the host init script`);
  const staging = await mkdtemp(join(tmpdir(), 'harness-assets-'));
  const forgetStaging = onInterrupt(`staging dir ${staging}`, () => rm(staging, { recursive: true, force: true }));
  try {
    const netprobe = await compileNetprobe(progress);
    await mkdir(join(staging, 'usr/local/bin'), { recursive: true });
    await mkdir(join(staging, 'opt/harness'), { recursive: true });
    await copyFile(netprobe, join(staging, 'usr/local/bin/netprobe'));
    await copyFile(hostInitSource, join(staging, 'opt/harness/host-init.sh'));
    await chmod(join(staging, 'opt/harness/host-init.sh'), 0o755);
    await chmod(join(staging, 'usr/local/bin/netprobe'), 0o755);
    await rm(join(netprobe, '..'), { recursive: true, force: true });
    const container = await docker.createContainer({ Image: baseTag, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
    const forget = onInterrupt(`image build container ${container.id.slice(0, 12)}`, () => container.remove({ force: true }));
    try {
      const tar = startProcess(['tar', '--numeric-owner', '--owner=0', '--group=0', '-C', staging, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
      await container.putArchive(tar.stdout!, { path: '/' });
      const [repo, tag] = hostTag.split(':');
      // The Docker version goes on the image, so a run knows it before any world starts.
      const dockerVersion = await packagedDockerVersion(docker, baseTag);
      await container.commit({
        repo,
        tag,
        changes: [
          'ENTRYPOINT ["/usr/bin/tini", "--"]',
          'CMD ["/opt/harness/host-init.sh"]',
          `LABEL ${imageLabel}=${repo}`,
          ...(dockerVersion ? [`LABEL ${dockerVersionLabel}=${dockerVersion}`] : []),
        ],
      });
    } finally {
      forget();
      await container.remove({ force: true });
    }
  } finally {
    forgetStaging();
    await rm(staging, { recursive: true, force: true });
  }
}
