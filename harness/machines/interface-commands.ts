import { parseCidr } from '../format/addresses.ts';
import type { InterfaceSpec, NetworkSpec } from '../format/fields.ts';

// The commands that give an interface its scenario addresses and bring it up, the same on every
// backend. IPv6 addresses skip duplicate detection: the run's networks hold no one else.
export function addressCommands(ifName: string, spec: InterfaceSpec, network: NetworkSpec): string[] {
  const commands = [`ip addr add ${spec.address}/${parseCidr(network.subnet)?.prefix ?? 24} dev ${ifName}`];
  if (spec.address6 && network.subnet6) commands.push(`ip -6 addr add ${spec.address6}/${parseCidr(network.subnet6)?.prefix ?? 64} dev ${ifName} nodad`);
  commands.push(`ip link set ${ifName} up`);
  return commands;
}
