import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { suiteRecipe } from '../harness/images/suites.ts';
import { silentProgress } from '../harness/core/progress.ts';
import { boxBuilders, boxCacheDir, buildBox } from '../harness/backends/vagrant/box.ts';
import { guestFilesDir } from '../harness/backends/vagrant/guest-root.ts';
import { resolveUserBox, userBoxHome } from '../harness/backends/vagrant/user-box.ts';
import { vagrantBoxDir } from '../harness/backends/vagrant/vagrant.ts';
import { machineFirewall, projectRoot, runCli } from './support.ts';
import { checksOf, rootLinks, verdicts, vmLeftovers } from './vm-support.ts';

// Software emulation: the box lacks every package a Docker host needs, so the VMs install them.
vi.setConfig({ testTimeout: 2_400_000, hookTimeout: 1_200_000 });

const seedScenario = 'scenarios/ufw/published-port-bypasses-ufw.scenario.ts';
const fixture = join(projectRoot, 'test/fixtures/plain-box');
const boxName = 'plain/bookworm';

// A box like debian/bookworm64 (see test/fixtures/plain-box/README.md), built once and cached.
async function ensurePlainBox(): Promise<string> {
  const hash = createHash('sha256');
  const fixtureFiles = (await readdir(fixture, { recursive: true })).sort().map((file) => join(fixture, file));
  for (const path of [...fixtureFiles, ...boxBuilders]) {
    if (statSync(path).isFile()) hash.update(relative(projectRoot, path)).update(await readFile(path));
  }
  const path = join(boxCacheDir(), `plain-bookworm-${hash.digest('hex').slice(0, 12)}.box`);
  if (existsSync(path)) return path;
  for (const stale of (await readdir(boxCacheDir()).catch(() => [])).filter((file) => file.startsWith('plain-bookworm-'))) await rm(join(boxCacheDir(), stale), { force: true });
  const contents = {
    packages: ['linux-image-amd64', 'systemd-sysv', 'udev', 'openssh-server', 'sudo', 'ifupdown', 'iproute2'],
    trees: [[join(fixture, 'files'), '/'], [join(guestFilesDir, 'home'), '/home']] as const,
    files: [[join(guestFilesDir, 'etc/sudoers.d/vagrant'), '/etc/sudoers.d/vagrant', 0o440]] as const,
    configure: [join(fixture, 'configure.sh')] as const,
  };
  await buildBox(suiteRecipe('bookworm'), contents, path, () => {}, silentProgress);
  return path;
}

// A box catalog as Vagrant's server answers it: metadata for a name, then the box file. It counts
// requests, so the test can tell a download from a cached box.
function serveCatalog(boxFile: string): Promise<{ server: Server; url: string; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    if (request.url === `/${boxName}`) {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ name: boxName, versions: [{ version: '12.0.0', providers: [{ name: 'libvirt', url: `${url}/plain-bookworm.box` }] }] }));
    } else if (request.url === '/plain-bookworm.box') {
      response.setHeader('Content-Length', statSync(boxFile).size);
      if (request.method === 'HEAD') response.end();
      else createReadStream(boxFile).pipe(response);
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, requests })));
}

describe('a box of someone else\'s, named with --vm-box', () => {
  let catalog: Awaited<ReturnType<typeof serveCatalog>>;
  const removeDownloadedBox = () => rm(join(userBoxHome(), 'boxes', vagrantBoxDir(boxName)), { recursive: true, force: true });

  beforeAll(async () => {
    catalog = await serveCatalog(await ensurePlainBox());
    await removeDownloadedBox();
  });

  afterAll(async () => {
    catalog?.server.close();
    await removeDownloadedBox();
  });

  it('is downloaded from its catalog, gets the suite\'s packages and netprobe, its eth0 renamed, and gives the DinD verdicts', async () => {
    const firewallBefore = await machineFirewall();
    const linksBefore = rootLinks();
    const onContainers = await runCli(['run', seedScenario, '--suite', 'bookworm']);
    expect(onContainers.exitCode, onContainers.stderr).toBe(0);

    const onVms = await runCli(['run', seedScenario, '--suite', 'bookworm', '--backend', 'vagrant', '--vm-box', boxName], { env: { VAGRANT_SERVER_URL: catalog.url } });
    expect(onVms.exitCode, onVms.stderr).toBe(0);
    expect(onVms.stderr).toContain(`box ${boxName}: downloading it from ${catalog.url}`);
    // Both machines lack packages; the scenario names eth0, which the box gave its management NIC.
    expect(onVms.stderr).toMatch(/docker1: the box lacks docker\.io /);
    expect(onVms.stderr).toMatch(/outsider: the box lacks /);
    expect(onVms.stderr).toContain("docker1: the box's management NIC is eth0, a name the scenario uses; renaming it mgmt0 and rebooting");
    const vmChecks = await checksOf(onVms.runDir);
    expect(vmChecks.length).toBeGreaterThan(0);
    expect(verdicts(vmChecks)).toEqual(verdicts(await checksOf(onContainers.runDir)));
    expect(catalog.requests.filter((request) => request === 'GET /plain-bookworm.box')).toHaveLength(1);

    expect(vmLeftovers()).toEqual([]);
    expect(rootLinks()).toBe(linksBefore);
    expect(await machineFirewall()).toBe(firewallBefore);

    // The next run takes the downloaded box without asking the catalog again.
    const before = catalog.requests.length;
    const box = await resolveUserBox({ catalogName: boxName }, silentProgress);
    expect(box).toEqual({ name: boxName, own: false, from: { vagrantHome: userBoxHome() } });
    expect(catalog.requests.length).toBe(before);
  });
});
