import { describeError, HarnessError } from '../core/errors.ts';
import { DockerHost } from '../machines/docker-host.ts';
import { requireKernelFeatures } from '../machines/kernel-features.ts';
import type { ImageSource } from '../machines/image-source.ts';
import type { Machine } from '../machines/machine.ts';
import { ipFamily } from '../format/addresses.ts';
import { machineLayout, type MachineLayout } from '../format/subnet-sources.ts';
import type { Scenario } from '../scenario/schema.ts';

// A scenario as its world has it: every machine it brings up, subnet sources expanded into their
// router and samples (harness/format/subnet-sources.ts).
export type WorldScenario = Omit<Scenario, 'networks' | 'hosts' | 'sources'> & MachineLayout;

// How a world's machines come to exist: containers on an engine, or VMs (see the builders).
export type WorldBuilder = (world: World) => Promise<void>;

export interface WorldOptions {
  // The scenario file's folder, where the files its steps name are; a scenario that names none
  // (a test's own) may leave it at the current folder.
  readonly folder?: string;
  // Where the hosts take the user's service images from, when the run has an engine to take them from.
  readonly images?: ImageSource;
  // Runs once the machines are up and before any host is configured or its dockerd started; what it
  // throws ends the bring-up (a scenario found not to apply to the Docker installed there, say).
  readonly beforeBringUp?: (world: World) => Promise<void>;
}

// What a world's bring-up left that the harness must know to go on from it: each Docker host's
// daemon version (undefined when its dockerd was not started), in the order the scenario declares
// the hosts: a world restored from another scenario's may call them by other names.
export interface BringUpRecord {
  readonly daemonVersions: ReadonlyArray<string | undefined>;
}

// The small world one scenario describes, brought up for real: its Docker hosts and sources, each
// attached to its outside networks at its declared addresses. Destroying it removes everything the
// builder started, whatever the backend, and says what could not be removed.
export class World {
  readonly scenario: WorldScenario;
  // The scenario file's folder (absolute): files its steps name are relative to it.
  readonly scenarioFolder: string;
  readonly hosts = new Map<string, DockerHost>();
  readonly sources = new Map<string, Machine>();
  private readonly teardowns: Array<() => Promise<void>> = [];
  // Set by a builder whose machines it restored to just after an identical bring-up (a snapshot).
  private restored: BringUpRecord | undefined;
  // Told of a bring-up done here (not restored), before any step: a builder that can snapshot it.
  private readonly broughtUp: Array<(record: BringUpRecord) => Promise<void>> = [];
  private readonly warn: (warning: string) => void;
  // Where the hosts take the user's service images from, when the run has an engine to take them from.
  private readonly images: ImageSource | undefined;

  private constructor(scenario: Scenario, warn: (warning: string) => void, options: WorldOptions) {
    this.scenario = { ...scenario, ...machineLayout(scenario) };
    this.scenarioFolder = options.folder ?? process.cwd();
    this.warn = warn;
    this.images = options.images;
  }

  // Builds the world; `warn` hears of every teardown that fails, now or when it is destroyed later.
  static async create(scenario: Scenario, build: WorldBuilder, warn: (warning: string) => void, options: WorldOptions = {}): Promise<World> {
    const world = new World(scenario, warn, options);
    try {
      await build(world);
      // A flow needs a command channel on its source and two on each host it watches (the evidence,
      // and the drop watch beside the probe): they open while the hosts come up, not on the first flow.
      const ahead = Promise.all([...[...world.hosts.values()].map((host) => host.machine.openChannels(2)), ...[...world.sources.values()].map((source) => source.openChannels(1))]);
      await options.beforeBringUp?.(world);
      const restored = world.restored;
      if (restored) {
        world.declaredHosts().forEach((host, index) => host?.resume(restored.daemonVersions[index]));
        await ahead;
        return world;
      }
      // A subnet source's router forwards between the subnet and the network it sits behind.
      for (const router of world.scenario.routers) await world.machine(router).run('sysctl -qw net.ipv4.ip_forward=1');
      await Promise.all([...world.hosts.values()].map((host) => host.bringUp()));
      await ahead;
      const record = { daemonVersions: world.declaredHosts().map((host) => (host?.daemon.isRunning ? host.daemon.version : undefined)) };
      for (const hook of world.broughtUp) await hook(record);
      return world;
    } catch (error) {
      await world.destroy();
      throw error;
    }
  }

  // What destroy() must undo, registered by the builder as soon as it exists; undone newest first.
  onDestroy(teardown: () => Promise<void>): void {
    this.teardowns.push(teardown);
  }

  // The builder restored every machine to just after a bring-up of a world identical to this one
  // (same machines, networks, addresses, routes and host specs): the hosts are not brought up again.
  restoredFrom(record: BringUpRecord): void {
    this.restored = record;
  }

  // `hook` runs after this world's own bring-up, before any step; not for a restored world.
  onBroughtUp(hook: (record: BringUpRecord) => Promise<void>): void {
    this.broughtUp.push(hook);
  }

  // Takes a machine the builder brought up as the scenario's host or source of that name; a Docker
  // host must first show the kernel features the scenario requires.
  async adopt(name: string, machine: Machine): Promise<void> {
    const hostSpec = this.scenario.hosts[name];
    if (hostSpec) {
      await requireKernelFeatures(machine, this.scenario.requires.kernel);
      this.hosts.set(name, new DockerHost(machine, hostSpec, this.images));
    } else {
      this.sources.set(name, machine);
    }
  }

  // In the order the scenario declares them; undefined for one the builder did not adopt.
  private declaredHosts(): Array<DockerHost | undefined> {
    return Object.keys(this.scenario.hosts).map((name) => this.hosts.get(name));
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

  // The address a flow to `name` goes to: the named interface's IPv4 (or IPv6) address, or without
  // one the first interface's that has such an address.
  addressOf(name: string, ipv6: boolean, interfaceName?: string): string {
    const spec = this.scenario.hosts[name] ?? this.scenario.sources[name];
    const interfaces = Object.entries(spec?.interfaces ?? {}).filter(([device]) => interfaceName === undefined || device === interfaceName);
    const iface = interfaces.map(([, candidate]) => candidate).find((candidate) => (ipv6 ? candidate.address6 : candidate.address));
    const address = ipv6 ? iface?.address6 : iface?.address;
    const where = interfaceName === undefined ? `"${name}"` : `"${name}" interface ${interfaceName}`;
    if (!address || ipFamily(address) !== (ipv6 ? 6 : 4)) throw new HarnessError('NO_ADDRESS', `${where} has no ${ipv6 ? 'IPv6' : 'IPv4'} address`);
    return address;
  }

  // Runs every teardown, newest first, whatever fails; each failure (each part of an AggregateError)
  // goes to `warn` as it happens and is returned, so leftovers are never silent.
  async destroy(): Promise<string[]> {
    const failures: string[] = [];
    for (const teardown of this.teardowns.splice(0).reverse()) {
      try {
        await teardown();
      } catch (error) {
        for (const part of error instanceof AggregateError ? error.errors : [error]) {
          const warning = `teardown failed: ${describeError(part)}`;
          failures.push(warning);
          this.warn(warning);
        }
      }
    }
    return failures;
  }
}
