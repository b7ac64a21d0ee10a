import { firstHostAddress, parseCidr } from './addresses.ts';
import type { DeclaredSourceSpec, HostSpec, NetworkSpec, SourceSpec, SubnetSourceSpec } from './fields.ts';

// What a subnet source becomes on the run's networks: a network of its own for the subnet, a router
// between it and the network it sits behind, a machine per sample, and a route to it on the Docker
// hosts there. The router joins only those two networks of the run and has no default route, so the
// outside networks still route nowhere beyond the run.

export function isSubnetSource(spec: DeclaredSourceSpec): spec is SubnetSourceSpec {
  return 'subnet' in spec;
}

// Pure: the generated machines' names, which validation keeps clear of declared ones.
export const routerName = (source: string): string => `${source}-router`;
export const sampleName = (source: string, index: number): string => `${source}-${index + 1}`;

// Pure: where the router stands inside the subnet: its first host address.
export function routerInsideAddress(spec: SubnetSourceSpec): string {
  return firstHostAddress(parseCidr(spec.subnet)!);
}

// One sample of a subnet source: the machine a flow from it starts on, and its address.
export interface SubnetSample {
  readonly machine: string;
  readonly address: string;
}

export function samplesOf(source: string, spec: SubnetSourceSpec): SubnetSample[] {
  return spec.samples.map((address, index) => ({ machine: sampleName(source, index), address }));
}

// The machines a world brings up: the declared hosts and machine sources, plus each subnet source's
// router and samples, and what machines forward packets (the routers).
export interface MachineLayout {
  readonly networks: Record<string, NetworkSpec>;
  readonly hosts: Record<string, HostSpec>;
  readonly sources: Record<string, SourceSpec>;
  readonly subnetSources: Record<string, SubnetSourceSpec>;
  readonly routers: readonly string[];
}

// Pure: the layout of a validated scenario's machines, subnet sources expanded.
export function machineLayout(declared: { networks: Record<string, NetworkSpec>; hosts: Record<string, HostSpec>; sources: Record<string, DeclaredSourceSpec> }): MachineLayout {
  const networks = { ...declared.networks };
  const hosts = Object.fromEntries(Object.entries(declared.hosts).map(([name, spec]) => [name, { ...spec, routes: [...spec.routes] }]));
  const sources: Record<string, SourceSpec> = {};
  const subnetSources: Record<string, SubnetSourceSpec> = {};
  const routers: string[] = [];
  for (const [name, spec] of Object.entries(declared.sources)) {
    if (!isSubnetSource(spec)) {
      sources[name] = spec;
      continue;
    }
    subnetSources[name] = spec;
    const inside = routerInsideAddress(spec);
    const behind = declared.networks[spec.behind.network]!;
    networks[name] = { subnet: spec.subnet };
    sources[routerName(name)] = {
      interfaces: { eth0: { network: spec.behind.network, address: spec.behind.router }, eth1: { network: name, address: inside } },
      routes: [],
    };
    routers.push(routerName(name));
    for (const sample of samplesOf(name, spec)) {
      sources[sample.machine] = { interfaces: { eth0: { network: name, address: sample.address } }, routes: [{ to: behind.subnet, via: inside }] };
    }
    for (const host of Object.values(hosts)) {
      if (Object.values(host.interfaces).some((iface) => iface.network === spec.behind.network)) host.routes.push({ to: spec.subnet, via: spec.behind.router });
    }
  }
  return { networks, hosts, sources, subnetSources, routers };
}
