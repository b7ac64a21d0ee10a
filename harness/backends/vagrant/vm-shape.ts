import { shortHash } from '../../core/short-hash.ts';

// What the shape reads of a host or source: which network each interface is on.
type MachineSpec = { readonly interfaces: Record<string, { readonly network: string }> };

// What decides whether two scenarios can share booted VMs: the box, each machine's role (its size)
// and the network each of its NICs sits on. Names, addresses and routes are the scenario's own and
// are given over SSH after the VMs are up, so they are not part of it. On a box of someone else's the
// interface names are: its management NIC is moved out of their way before the snapshot.
export interface VmShape {
  // Stable text naming the shape; two scenarios with the same key run on the same VMs.
  readonly key: string;
  // A short tag of the key, for bridge, project and domain names.
  readonly tag: string;
  readonly networkCount: number;
  readonly machines: readonly ShapeMachine[];
}

export interface ShapeMachine {
  // The scenario's name for it (its hosts first, then its sources, in declaration order).
  readonly name: string;
  // The VM's own name in the shape's Vagrant project: the same for every scenario of the shape.
  readonly vmName: string;
  readonly role: 'host' | 'source';
  // For each of its interfaces, in declaration order: the index of its network among the scenario's.
  readonly networkIndices: readonly number[];
  readonly interfaceNames: readonly string[];
}

// A VM's size follows from its role: a Docker host runs dockerd and its services, a source probes.
export const machineSize = { host: { memoryMb: 1024, cpus: 2 }, source: { memoryMb: 512, cpus: 1 } } as const;

export function vmShape(scenario: { readonly hosts: Record<string, MachineSpec>; readonly sources: Record<string, MachineSpec>; readonly networks: Record<string, unknown> }, box: { readonly name: string; readonly own: boolean }): VmShape {
  const networkNames = Object.keys(scenario.networks);
  const specs: Array<[string, MachineSpec, 'host' | 'source']> = [
    ...Object.entries(scenario.hosts).map(([name, spec]): [string, MachineSpec, 'host'] => [name, spec, 'host']),
    ...Object.entries(scenario.sources).map(([name, spec]): [string, MachineSpec, 'source'] => [name, spec, 'source']),
  ];
  const counts = { host: 0, source: 0 };
  const machines = specs.map(([name, spec, role]): ShapeMachine => {
    counts[role] += 1;
    const interfaces = Object.entries(spec.interfaces);
    return {
      name,
      vmName: `${role}${counts[role]}`,
      role,
      networkIndices: interfaces.map(([, iface]) => networkNames.indexOf(iface.network)),
      interfaceNames: interfaces.map(([interfaceName]) => interfaceName),
    };
  });
  const key = JSON.stringify({
    box: box.name,
    networks: networkNames.length,
    machines: machines.map((machine) => [machine.role, machine.networkIndices, ...(box.own ? [] : [machine.interfaceNames])]),
  });
  return { key, tag: shortHash(key), networkCount: networkNames.length, machines };
}
