import { cidrContains, cidrsOverlap, isUsableHostAddress, parseCidr } from '../format/addresses.ts';
import type { Report, Subnets } from '../format/check-context.ts';
import type { HostSpec, SubnetSourceSpec } from '../format/fields.ts';
import { routerInsideAddress, routerName, samplesOf } from '../format/subnet-sources.ts';

// A subnet source becomes a network, a router and sample machines (harness/format/subnet-sources.ts):
// its subnet must be free, the router's address usable on the network it sits behind, the samples
// inside the subnet, the generated names free, and some Docker host there to route to it.
export function checkSubnetSource(
  path: string,
  name: string,
  spec: SubnetSourceSpec,
  context: { subnets: Subnets; networks: Record<string, unknown>; hosts: Record<string, HostSpec>; machineNames: ReadonlySet<string>; claim: (path: string, address: string, owner: string) => void; report: Report },
): void {
  const { subnets, report } = context;
  const subnet = parseCidr(spec.subnet);
  if (!subnet) return;
  if (subnets.v4.has(name)) return report(path, `"${name}" is also the name of a network; the subnet source's own network takes its name, so rename one of them`);
  for (const [other, cidr] of subnets.v4) {
    if (cidrsOverlap(subnet, cidr)) report(`${path}.subnet`, `${spec.subnet} overlaps network "${other}" (${cidr.text})`);
  }
  subnets.v4.set(name, subnet);
  for (const generated of [routerName(name), ...samplesOf(name, spec).map((sample) => sample.machine)]) {
    if (context.machineNames.has(generated)) report(path, `needs a machine named "${generated}" for its router or a sample, but a host or source has that name; rename it`);
  }

  const behind = subnets.v4.get(spec.behind.network);
  if (!behind || spec.behind.network === name) {
    report(`${path}.behind.network`, `"${spec.behind.network}" is not a declared network (declared: ${Object.keys(context.networks).join(', ')})`);
  } else {
    if (!isUsableHostAddress(behind, spec.behind.router)) report(`${path}.behind.router`, `${spec.behind.router} is not a host address of network "${spec.behind.network}" (${behind.text})`);
    else context.claim(`${path}.behind.router`, spec.behind.router, routerName(name));
    const hostsThere = Object.values(context.hosts).some((host) => Object.values(host.interfaces).some((iface) => iface.network === spec.behind.network));
    if (!hostsThere) report(`${path}.behind.network`, `no Docker host is on network "${spec.behind.network}", so none would have a route to ${spec.subnet} via the router`);
  }

  const inside = routerInsideAddress(spec);
  context.claim(path, inside, routerName(name));
  spec.samples.forEach((sample, index) => {
    const where = `${path}.samples[${index}]`;
    if (!cidrContains(subnet, sample)) report(where, `${sample} is outside the subnet ${spec.subnet}`);
    else if (!isUsableHostAddress(subnet, sample)) report(where, `${sample} is the network or broadcast address of ${spec.subnet}, not a host address`);
    else if (sample === inside) report(where, `${sample} is where the router stands inside ${spec.subnet} (its first address); pick another sample`);
    else context.claim(where, sample, samplesOf(name, spec)[index]!.machine);
  });
}
