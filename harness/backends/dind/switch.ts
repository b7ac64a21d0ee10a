import { addressCommands } from '../../machines/interface-commands.ts';
import type { InterfaceSpec, NetworkSpec, RouteSpec } from '../../format/fields.ts';
import type { ContainerMachine } from './container-machine.ts';
import { log } from '../../core/log.ts';
import { routeCommand } from '../../machines/routes.ts';
import { removeScratch } from './namespace-source.ts';

// What the switch needs of a machine to wire it: its network namespace, through a pid of it.
export interface WiredMachine {
  readonly name: string;
  readonly pid: number;
}

// The outside networks of one scenario: a Linux bridge per network inside the run's "switch"
// container, with a veth leg into each Docker host and source. Nothing on these bridges routes
// anywhere: the switch has no uplink and no machine gets a default route unless the scenario sets one.
// A packet a source addresses beyond its subnet therefore reaches whatever machine its route names,
// exactly as on a real LAN, and no outer engine's isolation rule can drop it on the way.
// The switch runs in the engine's pid namespace so it can enter each machine's network namespace.
//
// Scenarios that run at once share the switch (run-switch.ts), each on bridges of its own: every
// link a scenario makes there is named after its `prefix` ("s7l0" a bridge, "s7v1" a leg), so no two
// scenarios' frames ever meet, and its end removes exactly its own.
export class Switch {
  readonly machine: ContainerMachine;
  readonly prefix: string;
  private readonly bridges = new Map<string, string>();
  private legs = 0;

  constructor(machine: ContainerMachine, prefix: string) {
    if (!/^s\d+$/.test(prefix)) throw new Error(`not a switch prefix: ${prefix}`);
    this.machine = machine;
    this.prefix = prefix;
  }

  async createBridges(networks: Record<string, NetworkSpec>): Promise<void> {
    const script: string[] = [];
    Object.keys(networks).forEach((name, index) => {
      const bridge = `${this.prefix}l${index}`;
      this.bridges.set(name, bridge);
      // Frames on our bridges never meet any iptables, whatever br_netfilter says.
      script.push(`ip link add ${bridge} type bridge forward_delay 0 nf_call_iptables 0 nf_call_ip6tables 0 nf_call_arptables 0`, `ip link set ${bridge} up`);
    });
    await this.machine.run(script.join(' && '));
  }

  // Wires every machine in one command on the switch: each gets IPv6 back (the engine turns it off
  // in a container with no network, but a real machine has it on, and dockerd decides at start
  // whether to publish ports on IPv6 too), then its interfaces on their bridges, then its routes.
  async wire(machines: ReadonlyArray<{ readonly machine: WiredMachine; readonly interfaces: Record<string, InterfaceSpec>; readonly routes: readonly RouteSpec[] }>, networks: Record<string, NetworkSpec>): Promise<void> {
    const script = machines.flatMap(({ machine, interfaces, routes }) => {
      const enter = `nsenter -t ${machine.pid} -n`;
      const ipv6 = ['all', 'default', 'lo'].map((name) => `net.ipv6.conf.${name}.disable_ipv6=0`);
      return [
        `${enter} sysctl -qw ${ipv6.join(' ')}`,
        ...Object.entries(interfaces).flatMap(([ifName, spec]) => this.attachCommands(machine, ifName, spec, networks)),
        ...routes.map((route) => `${enter} ${routeCommand(route)}`),
      ];
    });
    await this.machine.run(script.join(' && '));
  }

  // Gives `target` an interface `ifName` on its network, with its addresses, up and ready.
  private attachCommands(target: WiredMachine, ifName: string, spec: InterfaceSpec, networks: Record<string, NetworkSpec>): string[] {
    const bridge = this.bridges.get(spec.network);
    const network = networks[spec.network];
    if (!bridge || !network) throw new Error(`no bridge for network ${spec.network}`);
    const leg = ++this.legs;
    // Both ends are made in the switch; `inside` moves into the machine and takes the interface's name.
    const inside = `${this.prefix}h${leg}`;
    const outside = `${this.prefix}v${leg}`;
    const enter = `nsenter -t ${target.pid} -n`;
    log.net('%s: %s %s on %s (%s)', target.name, ifName, spec.address, spec.network, bridge);
    return [
      `ip link add ${inside} type veth peer name ${outside}`,
      `ip link set ${outside} master ${bridge} up`,
      `ip link set ${inside} netns ${target.pid}`,
      `${enter} ip link set ${inside} name ${ifName}`,
      ...addressCommands(ifName, spec, network).map((command) => `${enter} ${command}`),
    ];
  }

  // This scenario's links (a leg whose machine is gone went with its network namespace; one whose
  // namespace the kernel has not freed yet goes now) and its sources' scratch space, once they are
  // stopped. Whatever is already gone is no failure.
  async remove(): Promise<void> {
    const links = `${this.prefix}l* ${this.prefix}v*`;
    await this.machine.run(`cd /sys/class/net && for link in ${links}; do [ ! -e "$link" ] || ip link del "$link" 2>/dev/null; done; ${removeScratch(this.prefix)}; true`);
  }
}
