import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execProcess, runProcess } from '../../core/process.ts';
import { pollUntil } from '../../core/retry.ts';
import { localTiming, vmTiming } from '../../core/timing.ts';
import { HarnessError, describeError } from '../../core/errors.ts';
import type { Progress } from '../../core/progress.ts';
import { vmLog } from './log.ts';
import { phaseClock } from './phase-clock.ts';
import { commandName, processesNamed, stopProcess } from './processes.ts';
import { withHarnessSettings } from './qemu-conf.ts';
import { pathsBelow, removeNewPaths } from './machine-traces.ts';
import { lines, volumeTable } from './virsh-output.ts';
import { ensureVmPackages } from './vm-packages.ts';
import { claimSite } from './vm-leftovers.ts';

const libvirtUri = 'qemu:///system';

// Where a site (its /etc overlay, libvirtd, virtlogd, dnsmasq, qemu) leaves files on the machine:
// close() removes whatever appeared there while the site was open (only one site runs at a time).
// libvirt's capabilities cache in /var/cache/libvirt stays: it saves seconds per run.
const traceRoots = ['/etc/netns', '/run/libvirt', '/var/log/libvirt'];

// libvirt's log of one domain: qemu's command line and its complaints.
export function qemuLogPath(domain: string): string {
  return `/var/log/libvirt/qemu/${domain}.log`;
}

// One run's libvirt: libvirtd and virtlogd inside a network namespace the run creates, so libvirt's
// bridges, dnsmasq and iptables rules never touch the machine's own namespace, and nothing routes
// out of it. `ip netns exec` also mounts /etc/netns/NAME/libvirt over /etc/libvirt for everything it
// runs there: the daemons read the run's own copy of the configuration (qemu.conf settings, no
// domains, networks or pools of the machine's), and the machine's /etc/libvirt stays as it was.
export class VmSite {
  readonly netns: string;
  readonly poolName: string;
  // Pool volumes, logs; removed by close().
  readonly dir: string;
  private readonly etcOverlay: string;
  private readonly say: (text: string) => void;
  private readonly before = pathsBelow(traceRoots);
  private closing: Promise<void> | undefined;

  private constructor(runId: string, progress: Progress) {
    this.netns = `harness-vm-${runId}`;
    this.poolName = `harness-${runId}`;
    this.dir = `/var/tmp/harness-vm-${runId}`;
    this.etcOverlay = `/etc/netns/${this.netns}`;
    this.say = phaseClock(progress, `vm site ${this.netns}`);
  }

  static async open(options: { readonly runId: string; readonly progress: Progress }): Promise<VmSite> {
    await ensureVmPackages(options.progress);
    await refuseOtherDaemons();
    const site = new VmSite(options.runId, options.progress);
    try {
      await site.start();
    } catch (error) {
      await site.close().catch((failure: unknown) => options.progress.line(`cleanup: closing the half-opened VM site ${site.netns} failed too: ${describeError(failure)}`));
      throw error;
    }
    return site;
  }

  private async start(): Promise<void> {
    await mkdir(join(this.dir, 'pool'), { recursive: true });
    await claimSite(this.dir);
    await this.writeLibvirtConfig();
    await output(['ip', 'netns', 'add', this.netns]);
    await this.inside(['ip', 'link', 'set', 'lo', 'up']);
    this.say('starting virtlogd and libvirtd in the namespace');
    await this.inside(['virtlogd', '-d']);
    await this.inside(['libvirtd', '-d'], { ...process.env, LIBVIRT_LOG_OUTPUTS: `3:file:${join(this.dir, 'libvirtd.log')}` });
    await this.waitForLibvirtd(vmTiming.libvirtdStartMs);
    // Transient: destroying it is all it takes to remove it.
    await this.virsh(['pool-create-as', this.poolName, 'dir', '--target', join(this.dir, 'pool')]);
    this.say(`libvirtd ready, storage pool ${this.poolName}`);
  }

  // The run's /etc/libvirt: the machine's configuration files (not its domains, networks or pools)
  // with the qemu.conf settings from harness/backends/vagrant/qemu-conf.ts.
  private async writeLibvirtConfig(): Promise<void> {
    const target = join(this.etcOverlay, 'libvirt');
    await mkdir(target, { recursive: true });
    for (const entry of await readdir('/etc/libvirt', { withFileTypes: true })) {
      if (entry.isFile() || entry.name === 'nwfilter') await cp(join('/etc/libvirt', entry.name), join(target, entry.name), { recursive: true });
    }
    const qemuConf = existsSync('/etc/libvirt/qemu.conf') ? await readFile('/etc/libvirt/qemu.conf', 'utf8') : '';
    await writeFile(join(target, 'qemu.conf'), withHarnessSettings(qemuConf));
  }

  private async waitForLibvirtd(timeoutMs: number): Promise<void> {
    let lastError: unknown;
    await pollUntil(
      () =>
        this.virsh(['version']).then(
          () => true,
          (error: unknown) => {
            lastError = error;
            return undefined;
          },
        ),
      {
        timeoutMs,
        intervalMs: vmTiming.libvirtdPollMs,
        onTimeout: async () => {
          const log = await readFile(join(this.dir, 'libvirtd.log'), 'utf8').catch(() => '');
          return new HarnessError('VM_LIBVIRTD_FAILED', `libvirtd did not answer within ${timeoutMs} ms: ${describeError(lastError)}\n${log.slice(-3000)}`);
        },
      },
    );
  }

  // A Linux bridge in the namespace with no address (not even IPv6 link-local): a switch that only
  // carries frames between the VMs' NICs. Frames on it never meet iptables, whatever br_netfilter says.
  async createBridge(name: string): Promise<void> {
    if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,14}$/.test(name)) throw new HarnessError('VM_BRIDGE_NAME', `Bridge name "${name}" is not a valid interface name (at most 15 letters, digits, _ or -)`);
    await this.inside(['ip', 'link', 'add', name, 'type', 'bridge', 'forward_delay', '0', 'nf_call_iptables', '0', 'nf_call_ip6tables', '0', 'nf_call_arptables', '0']);
    await this.inside(['sysctl', '-qw', `net.ipv6.conf.${name}.disable_ipv6=1`]);
    await this.inside(['ip', 'link', 'set', name, 'up']);
  }

  get isClosed(): boolean {
    return this.closing !== undefined;
  }

  // argv run inside the site's namespace (with the run's /etc/libvirt).
  wrap(argv: readonly string[]): string[] {
    return ['ip', 'netns', 'exec', this.netns, ...argv];
  }

  private inside(argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
    return output(this.wrap(argv), env);
  }

  // virsh against the site's libvirtd (its socket is the machine's usual one; see refuseOtherDaemons).
  virsh(args: readonly string[]): Promise<string> {
    return output(['virsh', '-c', libvirtUri, ...args]);
  }

  // Tears everything down, best effort step by step, then says what could not be removed.
  close(): Promise<void> {
    this.closing ??= this.teardown();
    return this.closing;
  }

  private async teardown(): Promise<void> {
    const failures: string[] = [];
    const attempt = async (what: string, step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (error) {
        failures.push(`${what}: ${describeError(error)}`);
      }
    };
    const namespaceExists = existsSync(`/run/netns/${this.netns}`);
    if (namespaceExists && (await this.libvirtdAnswers())) {
      await attempt('removing domains', () => this.removeDomains());
      await attempt('removing networks', () => this.removeNetworks());
      await attempt('removing the storage pool', () => this.removePool());
    }
    if (namespaceExists) {
      // libvirtd, virtlogd, and whatever else still runs in the namespace (dnsmasq, a stray qemu, ssh).
      await attempt('stopping the processes in the namespace', () => this.stopNamespaceProcesses());
      await attempt('deleting the namespace', () => output(['ip', 'netns', 'delete', this.netns]));
    }
    await attempt('removing files', async () => {
      await rm(this.dir, { recursive: true, force: true });
      await removeNewPaths(traceRoots, this.before);
    });
    if (failures.length > 0) throw new HarnessError('VM_SITE_CLEANUP_FAILED', `VM site ${this.netns} not fully removed:\n${failures.join('\n')}`);
    this.say('closed');
  }

  private async libvirtdAnswers(): Promise<boolean> {
    const pids = await this.namespacePids();
    if (!pids.some((pid) => commandName(pid) === 'libvirtd')) return false;
    return this.virsh(['version']).then(() => true, () => false);
  }

  private async removeDomains(): Promise<void> {
    for (const name of lines(await this.virsh(['list', '--all', '--name']))) {
      await this.virsh(['destroy', name]).catch(() => {}); // not running: nothing to stop
      // With its snapshots' metadata: a domain that has snapshots is not undefined otherwise.
      await this.virsh(['undefine', '--nvram', '--snapshots-metadata', name]).catch(() => this.virsh(['undefine', '--snapshots-metadata', name]));
    }
  }

  private async removeNetworks(): Promise<void> {
    for (const name of lines(await this.virsh(['net-list', '--all', '--name']))) {
      await this.virsh(['net-destroy', name]).catch(() => {}); // inactive
      await this.virsh(['net-undefine', name]).catch(() => {}); // transient: destroying removed it
    }
  }

  private async removePool(): Promise<void> {
    const pools = lines(await this.virsh(['pool-list', '--all', '--name']));
    if (!pools.includes(this.poolName)) return;
    for (const volume of volumeTable(await this.virsh(['vol-list', '--pool', this.poolName]))) {
      await this.virsh(['vol-delete', '--pool', this.poolName, volume.name]);
    }
    await this.virsh(['pool-destroy', this.poolName]);
  }

  private async stopNamespaceProcesses(): Promise<void> {
    // libvirtd first, so it does not restart anything it owns while the rest goes.
    const pids = await this.namespacePids();
    const daemonFirst = [...pids].sort((a, b) => Number(commandName(b) === 'libvirtd') - Number(commandName(a) === 'libvirtd'));
    for (const pid of daemonFirst) {
      vmLog('%s: stopping %s (pid %d)', this.netns, commandName(pid), pid);
      await stopProcess(pid, vmTiming.stopGraceMs);
    }
    const left = await this.namespacePids();
    if (left.length > 0) throw new HarnessError('VM_SITE_CLEANUP_FAILED', `still running in ${this.netns}: ${left.map((pid) => `${commandName(pid)} (${pid})`).join(', ')}`);
  }

  private async namespacePids(): Promise<number[]> {
    return lines(await output(['ip', 'netns', 'pids', this.netns])).map(Number);
  }
}

// Every libvirtd answers on the same socket (/run/libvirt/libvirt-sock), so one at a time: if one is
// running, its VMs are another run's (or the machine's own), and ours would land among them.
async function refuseOtherDaemons(): Promise<void> {
  for (const name of ['libvirtd', 'virtlogd']) {
    const pids = processesNamed(name);
    if (pids.length > 0) {
      const where = (await Promise.all(pids.map(async (pid) => `pid ${pid} in network namespace ${await namespaceOf(pid)}`))).join(', ');
      throw new HarnessError(
        'VM_LIBVIRTD_RUNNING',
        `${name} is already running (${where}): another run's VM site, or this machine's own libvirt. ` +
          `The VM backend starts its own libvirtd in a network namespace and needs its socket; wait for the other run, or stop it ` +
          `(a leftover of a killed run: \`ip netns pids harness-vm-<run-id>\`, kill those, \`ip netns delete harness-vm-<run-id>\`).`,
      );
    }
  }
}

// The name `ip netns` knows a process's network namespace by, or what it is if it has none.
async function namespaceOf(pid: number): Promise<string> {
  const result = await execProcess(['ip', 'netns', 'identify', String(pid)]).catch(() => undefined);
  if (result?.exitCode !== 0) return 'unknown';
  return result.stdout.trim() || "the machine's own (or an unnamed one)";
}

// A short command's stdout; a failure or time-out names the command and what it said.
async function output(argv: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return (await runProcess(argv, { timeoutMs: localTiming.shortCommandMs, ...(env ? { env } : {}) })).stdout;
}
