import { join } from 'node:path';
import { HarnessError } from '../../core/errors.ts';
import { runProcess } from '../../core/process.ts';
import { SshMachine } from './ssh-machine.ts';
import type { Progress } from '../../core/progress.ts';
import { cidrsOverlap, parseCidr } from '../../format/addresses.ts';
import type { HostSpec, NetworkSpec, SourceSpec } from '../../format/fields.ts';
import type { World, WorldBuilder } from '../../world/world.ts';
import { shortHash } from '../../core/short-hash.ts';
import { addressCommands } from '../../machines/interface-commands.ts';
import { routeCommand } from '../../machines/routes.ts';
import { suiteRecipe } from '../../images/suites.ts';
import type { Box } from './box.ts';
import { setUpGuest } from './guest-setup.ts';
import { phaseClock } from './phase-clock.ts';
import { VagrantProject, type VmPlan } from './vagrant.ts';
import type { VmSite } from './vm-site.ts';

export interface VmWorldOptions {
  readonly site: VmSite;
  readonly box: Box;
  readonly suite: string;
  // netprobe to copy into VMs of a box that is not the harness's own.
  readonly netprobe: string | undefined;
  readonly scenarioName: string;
  // Scratch space for the scenario's Vagrant project.
  readonly workDir: string;
  readonly progress: Progress;
}

// The management network vagrant-libvirt gives every VM (SSH only); outside networks must not overlap it.
export const managementSubnet = '192.168.121.0/24';

const hostSize = { memoryMb: 1024, cpus: 2 };
const sourceSize = { memoryMb: 512, cpus: 1 };

// The Vagrant backend: every Docker host and source is a VM of its own. Each outside network is a
// bridge in the run's network namespace, each declared interface a NIC on it; inside the guest the
// harness gives that NIC (found by its MAC) the scenario's name and addresses over SSH.
export function vmWorld(options: VmWorldOptions): WorldBuilder {
  return async (world: World) => {
    const { hosts, sources, networks } = world.scenario;
    const tag = shortHash(options.scenarioName);
    const bridges = new Map(Object.keys(networks).map((name, index) => [name, `hv${tag}${index}`]));
    for (const bridge of bridges.values()) {
      await options.site.createBridge(bridge);
      world.onDestroy(async () => {
        await runProcess(options.site.wrap(['ip', 'link', 'delete', bridge]), { processGroup: true });
      });
    }
    const specs: Array<[string, HostSpec | SourceSpec, 'host' | 'source']> = [
      ...Object.entries(hosts).map(([name, spec]): [string, HostSpec, 'host'] => [name, spec, 'host']),
      ...Object.entries(sources).map(([name, spec]): [string, SourceSpec, 'source'] => [name, spec, 'source']),
    ];
    const plans: VmPlan[] = specs.map(([name, spec, role], machineIndex) => ({
      name,
      box: options.box.name,
      ...(role === 'host' ? hostSize : sourceSize),
      nics: Object.values(spec.interfaces).map((iface, nicIndex) => ({ bridge: bridges.get(iface.network)!, mac: macOf(machineIndex, nicIndex) })),
      managementNicLast: options.box.own,
    }));
    const project = await VagrantProject.create({ site: options.site, dir: join(options.workDir, options.scenarioName), boxes: [options.box], machines: plans, progress: options.progress });
    world.onDestroy(() => project.destroy());
    await project.up();
    const say = phaseClock(options.progress, `vms ${options.scenarioName}`);
    // Machines of another box are set up side by side: most of it is waiting on emulated guests.
    const settled = await Promise.allSettled(
      specs.map(async ([name, spec, role]) => {
        const details = await project.sshConfig(name);
        // Root, with the key Vagrant set up: under software emulation every sudo costs about a second.
        const connected = await SshMachine.connect(name, { ...details, user: 'root', netns: options.site.netns }, { readyTimeoutMs: 60_000 });
        if (options.box.own) return connected;
        const guest = {
          boxName: options.box.name,
          recipe: suiteRecipe(options.suite),
          role,
          netprobe: options.netprobe!,
          interfaceNames: Object.keys(spec.interfaces),
          managementAddresses: () => project.managementAddresses(name),
          say,
        };
        return setUpGuest(connected, guest).catch(async (error: unknown) => {
          await connected.stop();
          throw error;
        });
      }),
    );
    for (const result of settled) if (result.status === 'fulfilled') world.onDestroy(() => result.value.stop());
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const machines = settled.map((result) => (result as PromiseFulfilledResult<SshMachine>).value);
    for (const [machineIndex, [name, spec]] of specs.entries()) {
      const machine = machines[machineIndex]!;
      await machine.run(guestNetworkScript(spec, networks, machineIndex), { timeoutMs: 120_000 });
      await world.adopt(name, machine);
    }
  };
}

// Locally administered, unique within the scenario; the management NIC's MACs use another prefix.
export function macOf(machineIndex: number, nicIndex: number): string {
  const byte = (value: number) => value.toString(16).padStart(2, '0');
  return `52:54:00:0a:${byte(machineIndex)}:${byte(nicIndex)}`;
}

// One shell script per machine (every command costs under emulation): find each NIC by MAC, give it
// a temporary name first (a scenario's eth1 may be the kernel's eth0 now), then its scenario name,
// addresses and routes. IPv6 is on, as on the DinD hosts.
export function guestNetworkScript(spec: HostSpec | SourceSpec, networks: Record<string, NetworkSpec>, machineIndex: number): string {
  const lines = [
    'set -e',
    'sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0',
    'nic() { for d in /sys/class/net/*; do if [ "$(cat "$d/address")" = "$1" ]; then basename "$d"; return 0; fi; done; echo "no interface with MAC $1" >&2; return 1; }',
  ];
  const entries = Object.entries(spec.interfaces);
  entries.forEach((_, nicIndex) => {
    lines.push(`n=$(nic ${macOf(machineIndex, nicIndex)}); ip link set "$n" down; ip link set "$n" name hx${nicIndex}`);
  });
  entries.forEach(([ifName, iface], nicIndex) => {
    const network = networks[iface.network]!;
    lines.push(`ip link set hx${nicIndex} name ${ifName}`, ...addressCommands(ifName, iface, network));
  });
  for (const route of spec.routes) lines.push(routeCommand(route));
  return lines.join('\n');
}

// Before anything of the VM backend starts: a scenario it cannot run costs no site and no box.
export function refuseManagementOverlap(networks: Record<string, NetworkSpec>): void {
  for (const [name, network] of Object.entries(networks)) {
    if (cidrsOverlap(parseCidr(network.subnet)!, parseCidr(managementSubnet)!)) {
      throw new HarnessError('VM_SUBNET_TAKEN', `networks.${name}.subnet ${network.subnet} overlaps ${managementSubnet}, the VMs' management network; pick another subnet for the Vagrant backend`);
    }
  }
}
