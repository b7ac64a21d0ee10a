import { describeError, HarnessError } from '../core/errors.ts';
import { DockerHost } from '../machines/docker-host.ts';
import { requireKernelFeatures } from '../machines/kernel-features.ts';
import type { Machine } from '../machines/machine.ts';
import { ipFamily } from '../format/addresses.ts';
import type { Scenario } from '../scenario/schema.ts';

// How a world's machines come to exist: containers on an engine, or VMs (see the builders).
export type WorldBuilder = (world: World) => Promise<void>;

// The small world one scenario describes, brought up for real: its Docker hosts and sources, each
// attached to its outside networks at its declared addresses. Destroying it removes everything the
// builder started, whatever the backend, and says what could not be removed.
export class World {
  readonly scenario: Scenario;
  readonly hosts = new Map<string, DockerHost>();
  readonly sources = new Map<string, Machine>();
  private readonly teardowns: Array<() => Promise<void>> = [];
  private readonly warn: (warning: string) => void;

  private constructor(scenario: Scenario, warn: (warning: string) => void) {
    this.scenario = scenario;
    this.warn = warn;
  }

  // Builds the world; `warn` hears of every teardown that fails, now or when it is destroyed later.
  static async create(scenario: Scenario, build: WorldBuilder, warn: (warning: string) => void): Promise<World> {
    const world = new World(scenario, warn);
    try {
      await build(world);
      await Promise.all([...world.hosts.values()].map((host) => host.bringUp()));
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

  // Takes a machine the builder brought up as the scenario's host or source of that name; a Docker
  // host must first show the kernel features the scenario requires.
  async adopt(name: string, machine: Machine): Promise<void> {
    const hostSpec = this.scenario.hosts[name];
    if (hostSpec) {
      await requireKernelFeatures(machine, this.scenario.requires.kernel);
      this.hosts.set(name, new DockerHost(machine, hostSpec));
    } else {
      this.sources.set(name, machine);
    }
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
