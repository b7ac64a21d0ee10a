import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './processes.ts';

const prefix = 'harness-vm-';
const ownerFile = 'owner.json';

// Marks a VM site as this process's, so a later run can tell a live run's site from a dead one's.
export async function claimSite(siteDir: string): Promise<void> {
  await writeFile(join(siteDir, ownerFile), `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`);
}

// A VM run killed with SIGKILL leaves its network namespace behind with libvirtd, virtlogd and the
// VMs' qemu still running in it. Removes those sites (only the ones whose run is dead, unless `all`):
// every process in the namespace, the namespace, and the run's files. Returns the namespaces removed.
export async function removeVmLeftovers(options: { readonly all: boolean }): Promise<string[]> {
  const removed: string[] = [];
  for (const netns of siteNamespaces()) {
    const runId = netns.slice(prefix.length);
    if (!options.all && ownerIsAlive(`/var/tmp/${netns}`)) continue;
    await killEverythingIn(netns);
    spawnSync('ip', ['netns', 'delete', netns]);
    for (const path of [`/etc/netns/${netns}`, `/var/tmp/${netns}`, `/var/tmp/harness-vagrant-${runId}`]) await rm(path, { recursive: true, force: true });
    removed.push(netns);
  }
  // libvirt's log of each of the harness's domains (their names start with "hv-").
  if (removed.length > 0) {
    const logs = '/var/log/libvirt/qemu';
    const files = existsSync(logs) ? readdirSync(logs).filter((file) => file.startsWith('hv-')) : [];
    for (const file of files) await rm(join(logs, file), { force: true });
  }
  return removed;
}

function siteNamespaces(): string[] {
  const listing = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  return listing
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(prefix));
}

function ownerIsAlive(siteDir: string): boolean {
  try {
    const owner = JSON.parse(readFileSync(join(siteDir, ownerFile), 'utf8')) as { pid: number; host: string };
    return owner.host !== hostname() || isAlive(owner.pid);
  } catch {
    // No owner file: a site still being opened, or one from before owners were recorded; leave it.
    return true;
  }
}

async function killEverythingIn(netns: string): Promise<void> {
  const pids = () => (spawnSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean).map(Number);
  for (let attempt = 0; attempt < 50 && pids().length > 0; attempt++) {
    for (const pid of pids()) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await sleep(100);
  }
}
