import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from '../core/pids.ts';
import { describeError } from '../errors.ts';
import type { Removal } from '../run/cleanup.ts';
import { commandName } from './processes.ts';

const prefix = 'harness-vm-';
const ownerFile = 'owner.json';

// Marks a VM site as this process's, so a later run can tell a live run's site from a dead one's.
export async function claimSite(siteDir: string): Promise<void> {
  await writeFile(join(siteDir, ownerFile), `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`);
}

// A VM run killed with SIGKILL leaves its network namespace behind with libvirtd, virtlogd and the
// VMs' qemu still running in it. Removes those sites (only the ones whose run is dead, unless `all`):
// every process in the namespace, the namespace, and the run's files. Says which sites it removed and
// which it could not, with what stood in the way.
export async function removeVmLeftovers(options: { readonly all: boolean }): Promise<Removal> {
  const removed: string[] = [];
  const failed: Array<{ what: string; reason: string }> = [];
  for (const netns of siteNamespaces()) {
    const runId = netns.slice(prefix.length);
    if (!options.all && ownerIsAlive(`/var/tmp/${netns}`)) continue;
    const problems: string[] = [];
    const left = await killEverythingIn(netns);
    if (left.length > 0) problems.push(`still running in it: ${left.map((pid) => `${commandName(pid)} (${pid})`).join(', ')}`);
    const deleted = spawnSync('ip', ['netns', 'delete', netns], { encoding: 'utf8' });
    if (deleted.status !== 0) problems.push(`ip netns delete ${netns}: ${(deleted.stderr || deleted.error?.message || `exit ${deleted.status}`).trim()}`);
    for (const path of [`/etc/netns/${netns}`, `/var/tmp/${netns}`, `/var/tmp/harness-vagrant-${runId}`]) {
      await rm(path, { recursive: true, force: true }).catch((error: unknown) => problems.push(`removing ${path}: ${describeError(error)}`));
    }
    if (problems.length === 0) removed.push(netns);
    else failed.push({ what: netns, reason: problems.join('; ') });
  }
  // libvirt's log of each of the harness's domains (their names start with "hv-").
  if (removed.length > 0) {
    const logs = '/var/log/libvirt/qemu';
    const files = existsSync(logs) ? readdirSync(logs).filter((file) => file.startsWith('hv-')) : [];
    for (const file of files) await rm(join(logs, file), { force: true });
  }
  return { removed, failed };
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

// SIGKILLs every process in the namespace for up to 5 s; returns the ones still there after that.
async function killEverythingIn(netns: string): Promise<number[]> {
  const pids = () => (spawnSync('ip', ['netns', 'pids', netns], { encoding: 'utf8' }).stdout ?? '').split('\n').filter(Boolean).map(Number).filter(isAlive);
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
  return pids();
}
