import { HarnessError } from '../../core/errors.ts';
import { SshMachine } from './ssh-machine.ts';
import type { Progress } from '../../core/progress.ts';
import { cidrsOverlap, parseCidr } from '../../format/addresses.ts';
import type { HostSpec, NetworkSpec, SourceSpec } from '../../format/fields.ts';
import type { World, WorldBuilder, WorldScenario } from '../../world/world.ts';
import { addressCommands } from '../../machines/interface-commands.ts';
import { routeCommand } from '../../machines/routes.ts';
import { suiteRecipe } from '../../images/suites.ts';
import type { Box } from './box.ts';
import { setUpGuest } from './guest-setup.ts';
import { phaseClock } from './phase-clock.ts';
import type { SshDetails } from './ssh-config.ts';
import type { VagrantProject } from './vagrant.ts';
import { vmShape, type ShapeMachine, type VmShape } from './vm-shape.ts';
import { macOf, type VmSnapshots } from './vm-snapshots.ts';
import type { VmSite } from './vm-site.ts';

export interface VmWorldOptions {
  readonly snapshots: VmSnapshots;
  readonly site: VmSite;
  readonly box: Box;
  readonly suite: string;
  // netprobe to copy into VMs of a box that is not the harness's own.
  readonly netprobe: string | undefined;
  readonly scenarioName: string;
  readonly progress: Progress;
  // The scenario's world (see worldKey), and whether a later scenario of the run has it too: then
  // it is snapshotted just after its bring-up.
  readonly worldKey: string;
  readonly worldRecurs: boolean;
}

// The management network vagrant-libvirt gives every VM (SSH only); outside networks must not overlap it.
export const managementSubnet = '192.168.121.0/24';

// The Vagrant backend: every Docker host and source is a VM of its own. Each outside network is a
// bridge in the run's network namespace, each declared interface a NIC on it; inside the guest the
// harness gives that NIC (found by its MAC) the scenario's name and addresses over SSH. The VMs come
// from the run's snapshots: booted for the first scenario of their shape, reverted for the others.
export function vmWorld(options: VmWorldOptions): WorldBuilder {
  return async (world: World) => {
    const { networks } = world.scenario;
    const shape = vmShape(world.scenario, options.box);
    const say = phaseClock(options.progress, `vms ${options.scenarioName}`);
    const lease = await options.snapshots.lease(shape, options.box, (vmName, details, project) => prepareGuest(shape, vmName, details, project, options, say), options.worldKey);
    world.onDestroy(() => lease.release());
    const settled = await Promise.allSettled(
      shape.machines.map((machine) =>
        // Root, with the key Vagrant set up: under software emulation every sudo costs about a second.
        SshMachine.connect(machine.name, { ...lease.ssh.get(machine.vmName)!, user: 'root', netns: options.site.netns }, { readyTimeoutMs: 60_000 }),
      ),
    );
    for (const result of settled) if (result.status === 'fulfilled') world.onDestroy(() => result.value.stop());
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const machines = settled.map((result) => (result as PromiseFulfilledResult<SshMachine>).value);
    const specs = { ...world.scenario.hosts, ...world.scenario.sources };
    // A reverted guest's clock stands where the snapshot left it: set with the network, in one command.
    // Restored to just after this world's bring-up, the network is already as the scenario has it.
    const clock = `date -s @${Math.round(Date.now() / 1000)} >/dev/null`;
    const network = (machine: ShapeMachine, machineIndex: number) => (lease.restored ? '' : `\n${guestNetworkScript(specs[machine.name]!, networks, machineIndex)}`);
    await Promise.all(shape.machines.map((machine, machineIndex) => machines[machineIndex]!.run(`${clock}${network(machine, machineIndex)}`, { timeoutMs: 120_000 })));
    for (const [machineIndex, machine] of shape.machines.entries()) await world.adopt(machine.name, machines[machineIndex]!);
    if (lease.restored) world.restoredFrom(lease.restored.record);
    else if (options.worldRecurs) world.onBroughtUp((record) => lease.keepWorld(record, options.scenarioName));
  };
}

// Everything a world's bring-up depends on past the shape: each machine's interfaces, addresses and
// routes, the hosts' daemon settings, firewalld and forwarding, which sources route. Scenarios with
// the same key have the same world until their first step, whatever they call its machines and
// networks (the guests never see those names; a machine is its place in the shape).
export function worldKey(scenario: Pick<WorldScenario, 'networks' | 'hosts' | 'sources' | 'routers'>): string {
  const networkNames = Object.keys(scenario.networks);
  const machine = ({ interfaces, ...rest }: HostSpec | SourceSpec) => ({
    ...rest,
    interfaces: Object.entries(interfaces).map(([device, { network, ...addresses }]) => [device, networkNames.indexOf(network), addresses]),
  });
  return JSON.stringify({
    networks: Object.values(scenario.networks),
    hosts: Object.values(scenario.hosts).map(machine),
    sources: Object.values(scenario.sources).map(machine),
    routers: scenario.routers.map((router) => Object.keys(scenario.sources).indexOf(router)),
  });
}

// A VM of someone else's box gets what the harness's box has before its snapshot is taken; the
// harness's own box needs nothing.
async function prepareGuest(shape: VmShape, vmName: string, details: SshDetails, project: VagrantProject, options: VmWorldOptions, say: (text: string) => void): Promise<SshDetails> {
  if (options.box.own) return details;
  const machine = shape.machines.find((candidate) => candidate.vmName === vmName)!;
  // Named as this scenario names it: the setup's progress lines are part of its output.
  const connected = await SshMachine.connect(machine.name, { ...details, user: 'root', netns: options.site.netns }, { readyTimeoutMs: 60_000 });
  const guest = {
    boxName: options.box.name,
    recipe: suiteRecipe(options.suite),
    role: machine.role,
    netprobe: options.netprobe!,
    interfaceNames: machine.interfaceNames,
    managementAddresses: () => project.managementAddresses(vmName),
    say,
  };
  const ready = await setUpGuest(connected, guest).catch(async (error: unknown) => {
    await connected.stop();
    throw error;
  });
  await ready.stop();
  const { host, port, privateKeyPath } = ready.target;
  return { host, port, user: details.user, privateKeyPath };
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
