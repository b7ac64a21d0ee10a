import type Docker from 'dockerode';
import { HarnessError } from '../errors.ts';
import { DockerHost } from '../hosts/docker-host.ts';
import { requireKernelFeatures } from '../hosts/kernel-features.ts';
import type { Machine } from '../hosts/machine.ts';
import type { PrivilegeMode } from '../hosts/privilege.ts';
import { startMachine, type MachineRequest } from '../hosts/start-machine.ts';
import { log } from '../log.ts';
import { Switch } from '../network/switch.ts';
import { ipFamily } from '../scenario/addresses.ts';
import type { Scenario } from '../scenario/schema.ts';

export interface WorldOptions {
  readonly docker: Docker;
  readonly image: string;
  readonly runId: string;
  readonly scenarioName: string;
  readonly privilege: PrivilegeMode;
  // Docker hosts from an image the harness did not build; the switch and sources keep `image`.
  readonly hostImage?: { readonly image: string; readonly netprobe: string };
}

// The small world one scenario describes, brought up for real: the switch with its bridges, the Docker
// hosts and the sources, each attached at its declared addresses. Disposing it removes every container.
export class World implements AsyncDisposable {
  readonly scenario: Scenario;
  readonly hosts = new Map<string, DockerHost>();
  readonly sources = new Map<string, Machine>();
  private readonly started: Machine[] = [];

  private constructor(scenario: Scenario) {
    this.scenario = scenario;
  }

  static async create(scenario: Scenario, options: WorldOptions): Promise<World> {
    const world = new World(scenario);
    try {
      await world.build(options);
      return world;
    } catch (error) {
      await world.destroy().catch((cleanupError) => log.run('cleanup after a failed start also failed: %s', cleanupError));
      throw error;
    }
  }

  private async build(options: WorldOptions): Promise<void> {
    const request = (name: string, role: MachineRequest['role']): MachineRequest => ({ ...options, scenario: options.scenarioName, name, role });
    const track = async (pending: Promise<Machine>) => {
      const machine = await pending;
      this.started.push(machine);
      return machine;
    };
    const { hosts, sources, networks } = this.scenario;
    const switchMachine = track(startMachine(request('switch', 'switch')));
    const hostRequest = (name: string): MachineRequest =>
      options.hostImage ? { ...request(name, 'host'), image: options.hostImage.image, foreignImage: { netprobe: options.hostImage.netprobe } } : request(name, 'host');
    const hostMachines = Object.keys(hosts).map((name) => track(startMachine(hostRequest(name))));
    const sourceMachines = Object.keys(sources).map((name) => track(startMachine(request(name, 'source'))));
    const settled = await Promise.allSettled([switchMachine, ...hostMachines, ...sourceMachines]);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;

    const lan = new Switch(await switchMachine);
    await lan.createBridges(networks);
    for (const [index, name] of Object.keys(hosts).entries()) {
      const machine = await hostMachines[index]!;
      const spec = hosts[name]!;
      await lan.enableIpv6(machine);
      for (const [ifName, iface] of Object.entries(spec.interfaces)) await lan.attach(machine, ifName, iface, networks[iface.network]!);
      for (const route of spec.routes) await lan.addRoute(machine, route);
      await requireKernelFeatures(machine, this.scenario.requires);
      this.hosts.set(name, new DockerHost(machine, spec));
    }
    for (const [index, name] of Object.keys(sources).entries()) {
      const machine = await sourceMachines[index]!;
      const spec = sources[name]!;
      await lan.enableIpv6(machine);
      for (const [ifName, iface] of Object.entries(spec.interfaces)) await lan.attach(machine, ifName, iface, networks[iface.network]!);
      for (const route of spec.routes) await lan.addRoute(machine, route);
      this.sources.set(name, machine);
    }
    await Promise.all([...this.hosts.values()].map((host) => host.bringUp()));
  }

  // A host or source of this world by name.
  machine(name: string): Machine {
    const machine = this.hosts.get(name)?.machine ?? this.sources.get(name);
    if (!machine) throw new HarnessError('UNKNOWN_MACHINE', `no host or source named "${name}" in this world`);
    return machine;
  }

  host(name: string): DockerHost {
    const host = this.hosts.get(name);
    if (!host) throw new HarnessError('UNKNOWN_MACHINE', `no Docker host named "${name}" in this world`);
    return host;
  }

  // Which machine of this world owns an address; probes are only ever sent to such addresses.
  ownerOf(address: string): string | undefined {
    for (const [name, spec] of [...Object.entries(this.scenario.hosts), ...Object.entries(this.scenario.sources)]) {
      if (Object.values(spec.interfaces).some((iface) => iface.address === address || iface.address6 === address)) return name;
    }
    return undefined;
  }

  // The address a flow to `name` goes to: its first interface's IPv4 (or IPv6) address.
  addressOf(name: string, ipv6: boolean): string {
    const spec = this.scenario.hosts[name] ?? this.scenario.sources[name];
    const iface = spec && Object.values(spec.interfaces).find((candidate) => (ipv6 ? candidate.address6 : candidate.address));
    const address = ipv6 ? iface?.address6 : iface?.address;
    if (!address || ipFamily(address) !== (ipv6 ? 6 : 4)) throw new HarnessError('NO_ADDRESS', `"${name}" has no ${ipv6 ? 'IPv6' : 'IPv4'} address`);
    return address;
  }

  async destroy(): Promise<void> {
    await Promise.all(this.started.map((machine) => machine.stop()));
    this.started.length = 0;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.destroy();
  }
}
