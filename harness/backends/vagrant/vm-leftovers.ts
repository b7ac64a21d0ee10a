import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execProcess } from '../../core/process.ts';
import { poll } from '../../core/retry.ts';
import { vmTiming } from '../../core/timing.ts';
import { isAlive } from '../../core/pids.ts';
import { describeError } from '../../core/errors.ts';
import type { Removal } from '../../core/removal.ts';
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
  for (const netns of await siteNamespaces()) {
    const runId = netns.slice(prefix.length);
    if (!options.all && ownerIsAlive(`/var/tmp/${netns}`)) continue;
    const problems: string[] = [];
    const left = await killEverythingIn(netns);
    if (left.length > 0) problems.push(`still running in it: ${left.map((pid) => `${commandName(pid)} (${pid})`).join(', ')}`);
    const deleted = await execProcess(['ip', 'netns', 'delete', netns]);
    if (deleted.exitCode !== 0) problems.push(`ip netns delete ${netns}: ${(deleted.stderr || `exit ${deleted.exitCode}`).trim()}`);
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

// SIGKILLs every process in the namespace until none is left (a process may start another while it
// goes), for a bounded time; returns the ones still there after that.
async function killEverythingIn(netns: string): Promise<number[]> {
  const pids = async () => (await outputOf(['ip', 'netns', 'pids', netns])).split('\n').filter(Boolean).map(Number).filter(isAlive);
  await poll(
    async () => {
      const left = await pids();
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      }
      return left.length === 0 ? true : undefined;
    },
    { timeoutMs: vmTiming.leftoverKillMs, intervalMs: vmTiming.leftoverKillPollMs },
  );
  return pids();
}

// What a command printed, or nothing when it failed or is not there: leftovers are removed best effort.
async function outputOf(argv: readonly string[]): Promise<string> {
  return (await execProcess(argv).catch(() => undefined))?.stdout ?? '';
}
