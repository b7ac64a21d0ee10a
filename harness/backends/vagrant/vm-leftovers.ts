import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execProcess } from '../../core/process.ts';
import { poll } from '../../core/retry.ts';
import { vmTiming } from '../../core/timing.ts';
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
  for (const netns of await siteNamespaces()) {
    const runId = netns.slice(prefix.length);
    if (!options.all && ownerIsAlive(`/var/tmp/${netns}`)) continue;
    await killEverythingIn(netns);
    await execProcess(['ip', 'netns', 'delete', netns]);
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

async function siteNamespaces(): Promise<string[]> {
  const listing = await outputOf(['ip', 'netns', 'list']);
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
  // Killed again until none is left: a process may start another while it goes.
  await poll(
    async () => {
      const pids = (await outputOf(['ip', 'netns', 'pids', netns])).split('\n').filter(Boolean).map(Number);
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      return pids.length === 0 ? true : undefined;
    },
    { timeoutMs: vmTiming.leftoverKillMs, intervalMs: vmTiming.leftoverKillPollMs },
  );
}

// What a command printed, or nothing when it failed or is not there: leftovers are removed best effort.
async function outputOf(argv: readonly string[]): Promise<string> {
  return (await execProcess(argv).catch(() => undefined))?.stdout ?? '';
}
