import { cidrContains, ipFamily, parseCidr, type Cidr } from './addresses.ts';
import type { DeviationSpec, InterfaceSpec, RouteSpec, SubnetSourceSpec } from './fields.ts';

// What cross-checking one part of a scenario sees of the rest of it, and the checks its parts share.

export type Report = (path: string, message: string) => void;

export interface DeclaredMachine {
  readonly kind: 'host' | 'source';
  readonly interfaces: Record<string, InterfaceSpec>;
  // Its declared routes, then those of route steps checked so far.
  readonly routes: RouteSpec[];
}

export interface Subnets {
  readonly v4: Map<string, Cidr>;
  readonly v6: Map<string, Cidr>;
}

export interface CheckContext {
  // The scenario's hosts and sources by name (sources with interfaces; subnet sources are apart).
  readonly machines: ReadonlyMap<string, DeclaredMachine>;
  // Sources that stand for a subnet behind a router, by name: flows may start from them, nothing else.
  readonly subnetSources: ReadonlyMap<string, SubnetSourceSpec>;
  // Every declared address -> the host or source that owns it.
  readonly owners: ReadonlyMap<string, string>;
  readonly report: Report;
  // The scenario file's folder (absolute): files a step names, such as policy files, are relative to it.
  readonly scenarioFolder: string;
  readonly subnets: Subnets;
  // Docker networks created by earlier steps, per host, so services can only join ones that exist.
  readonly networksByHost: Map<string, Set<string>>;
  // Services started by earlier steps, per host: service name -> the Docker networks it joined.
  readonly servicesByHost: Map<string, Map<string, readonly string[]>>;
}

// A reference to a machine names one the scenario declares, of the kinds the field allows.
export function checkMachine(path: string, name: string, context: CheckContext, kinds: ReadonlyArray<DeclaredMachine['kind']>): void {
  const machine = context.machines.get(name);
  const wanted = kinds.map((kind) => `${kind}s`).join(' or ');
  if (!machine || !kinds.includes(machine.kind)) {
    const known = [...context.machines].filter(([, m]) => kinds.includes(m.kind)).map(([n]) => n);
    context.report(path, `"${name}" is not one of the scenario's ${wanted} (${known.join(', ') || 'none declared'})`);
  }
}

// A route's gateway has the destination's IP family and sits on a network the machine is attached to,
// and the route can take effect: the local table answers loopback addresses from lo before the main
// table, where routes go, is read.
export function checkRoute(path: string, route: RouteSpec, machine: DeclaredMachine, subnets: Subnets, report: Report): void {
  const family = ipFamily(route.via);
  const destination = route.to === 'default' ? undefined : parseCidr(route.to);
  if (destination && isLoopbackSubnet(destination)) {
    report(`${path}.to`, `${route.to} is loopback: the machine's local table answers it from its own lo before any route in the main table is read, so this route would never take effect; to send a loopback address through a host, give the flow via: '<host>'`);
    return;
  }
  if (destination && destination.family !== family) {
    report(`${path}.via`, `${route.via} is not of the same IP family as ${route.to}`);
    return;
  }
  const attached = Object.values(machine.interfaces).map((spec) => (family === 4 ? subnets.v4 : subnets.v6).get(spec.network));
  if (!attached.some((cidr) => cidr && cidrContains(cidr, route.via))) {
    report(`${path}.via`, `${route.via} is not on any network this machine is attached to`);
  }
}

// A subnet wholly inside 127.0.0.0/8, or ::1/128: addresses the local table keeps for lo.
function isLoopbackSubnet(cidr: Cidr): boolean {
  return cidr.family === 4 ? cidr.prefix >= 8 && cidr.network >> 24n === 127n : cidr.prefix === 128 && cidr.network === 1n;
}

// A deviation names where it applies the way deviationFor matches it: a suite name or a version prefix.
export function checkDeviations(path: string, deviations: readonly DeviationSpec[], report: Report): void {
  deviations.forEach((deviation, index) => {
    deviation.on.forEach((target, at) => {
      if (!/^(?:[a-z]+|\d+(?:\.\d+){0,2})$/.test(target)) {
        report(`${path}.deviations[${index}].on[${at}]`, `"${target}" must be a Debian suite name (bookworm) or a Docker version prefix (20.10)`);
      }
    });
  });
}
