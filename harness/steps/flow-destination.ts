import { HarnessError } from '../core/errors.ts';
import { isLoopback, ipFamily } from '../format/addresses.ts';
import { checkMachine, type CheckContext } from '../format/check-context.ts';
import type { ContainerEndpoint, FlowSpec, InterfaceEndpoint, InterfaceSpec } from '../format/fields.ts';
import type { ContainerState } from '../machines/inner-engine.ts';
import { familiesOf, familyLabel } from './flow-runs.ts';
import type { Destination } from '../traffic/verdict.ts';
import type { StepWorld } from './step-kind.ts';

// Where a flow goes: the address it probes, which Docker hosts observe it, and what `via` changes on
// the source so its packets leave through a Docker host.

export interface ResolvedDestination {
  readonly address: string;
  readonly destination: Destination;
}

// What `via` did to the source, in the flow's evidence: the commands run, and those that undo them.
export interface SourceChange {
  readonly on: string;
  readonly gateway: string;
  readonly applied: readonly string[];
  readonly undo: readonly string[];
}

export function isInterfaceEndpoint(to: FlowSpec['to']): to is InterfaceEndpoint {
  return typeof to === 'object' && 'interface' in to;
}

export function isContainerEndpoint(to: FlowSpec['to']): to is ContainerEndpoint {
  return typeof to === 'object' && 'container' in to;
}

// Pure: the machine an interface endpoint names, and whether it is a Docker host or a source.
export function interfaceOwner(to: InterfaceEndpoint): { kind: 'host' | 'source'; machine: string } {
  return 'host' in to ? { kind: 'host', machine: to.host } : { kind: 'source', machine: to.source };
}

// A flow endpoint as people read it: a machine or address as written, a container as
// name@host[/network], an interface as machine/interface.
export function endpointLabel(endpoint: FlowSpec['to']): string {
  if (typeof endpoint === 'string') return endpoint;
  if (isInterfaceEndpoint(endpoint)) return `${interfaceOwner(endpoint).machine}/${endpoint.interface}`;
  return `${endpoint.container}@${endpoint.on}${endpoint.network ? `/${endpoint.network}` : ''}`;
}

// A container destination names a service of an earlier step on a Docker host and one of its networks;
// `via` routes a container or a loopback address through a Docker host the source shares a network with;
// a source on another network than the container's host needs `via` or a route via that host.
export function checkDestination(path: string, flow: FlowSpec, context: CheckContext): void {
  const from = typeof flow.from === 'string' ? flow.from : undefined;
  if (isContainerEndpoint(flow.to)) checkContainer(`${path}.to`, flow.to, context);
  if (flow.via !== undefined) checkVia(path, flow, from, context);
  else if (isContainerEndpoint(flow.to) && from !== undefined && !context.subnetSources.has(from) && from !== flow.to.on && context.machines.get(flow.to.on)?.kind === 'host' && !hasRouteVia(from, flow.to.on, context)) {
    context.report(`${path}.via`, `is missing: "${from}" is not "${flow.to.on}" and has no route via one of its addresses, so ${endpointLabel(flow.to)} is unreachable from it; set via: '${flow.to.on}'`);
  }
}

function checkContainer(path: string, to: ContainerEndpoint, context: CheckContext): void {
  checkMachine(`${path}.on`, to.on, context, ['host']);
  if (context.machines.get(to.on)?.kind !== 'host') return;
  const services = context.servicesByHost.get(to.on) ?? new Map<string, readonly string[]>();
  const networks = services.get(to.container);
  if (!networks) {
    context.report(`${path}.container`, `"${to.container}" is not a service started by an earlier service step on "${to.on}" (services there: ${[...services.keys()].join(', ') || 'none'})`);
    return;
  }
  const own = networks.filter((network) => network !== 'host' && network !== 'none');
  if (own.length === 0) context.report(`${path}.container`, `"${to.container}" runs on network "${networks[0]}", which gives it no address of its own`);
  else if (to.network !== undefined && !own.includes(to.network)) context.report(`${path}.network`, `"${to.network}" is not a network "${to.container}" joined (${own.join(', ')})`);
}

function checkVia(path: string, flow: FlowSpec, from: string | undefined, context: CheckContext): void {
  const via = flow.via!;
  checkMachine(`${path}.via`, via, context, ['host']);
  const host = context.machines.get(via);
  if (isInterfaceEndpoint(flow.to)) {
    context.report(`${path}.via`, `routes a container or a loopback address through a host, but ${endpointLabel(flow.to)} is reached directly; remove via`);
  } else if (typeof flow.to !== 'string') {
    if (flow.to.on !== via) context.report(`${path}.via`, `is "${via}" but ${endpointLabel(flow.to)} runs on "${flow.to.on}"; a container is reached through its own host`);
  } else if (!isLoopback(flow.to)) {
    context.report(`${path}.via`, `routes a container or a loopback address through a host, but ${flow.to} is reached directly; remove via`);
  } else if (ipFamily(flow.to) === 6) {
    return context.report(`${path}.via`, `cannot send ${flow.to} through "${via}": IPv6 never lets ::1 leave a machine (no route_localnet); use an IPv4 loopback address`);
  }
  const source = from === undefined ? undefined : context.machines.get(from);
  if (!host || host.kind !== 'host' || !source || from === via) return;
  for (const family of familiesOf(flow)) {
    if (sharedGateway(source.interfaces, host.interfaces, family === 'ipv6') === undefined) {
      context.report(`${path}.via`, `"${via}" shares no network with "${from}" (with an ${familyLabel(family)} address on it), so "${from}" cannot send through it`);
    }
  }
}

// Whether a declared route or an earlier route step on `from` goes via one of the host's addresses.
function hasRouteVia(from: string, host: string, context: CheckContext): boolean {
  const addresses = Object.values(context.machines.get(host)?.interfaces ?? {}).flatMap((spec) => [spec.address, spec.address6]);
  return (context.machines.get(from)?.routes ?? []).some((route) => addresses.includes(route.via));
}

// The host's address on the first network it shares with the source, and the source's interface
// there: where a route for `via` points.
export function sharedGateway(source: Record<string, InterfaceSpec>, host: Record<string, InterfaceSpec>, ipv6: boolean): { gateway: string; device: string } | undefined {
  for (const [device, spec] of Object.entries(source)) {
    const match = Object.values(host).find((candidate) => candidate.network === spec.network);
    const gateway = ipv6 ? match?.address6 : match?.address;
    if (gateway && (!ipv6 || spec.address6)) return { gateway, device };
  }
  return undefined;
}

// The address a container has on one of its networks (its first one without `network`).
export function containerAddress(networks: ContainerState['networks'], endpoint: ContainerEndpoint, ipv6: boolean): string {
  const names = Object.keys(networks);
  const name = endpoint.network ?? names[0];
  const settings = name === undefined ? undefined : networks[name];
  if (!settings) throw new HarnessError('NO_ADDRESS', `"${endpoint.container}" on ${endpoint.on} is not on network "${name ?? '(none)'}" (its networks: ${names.join(', ') || 'none'})`);
  const address = ipv6 ? settings.GlobalIPv6Address : settings.IPAddress;
  if (!address || ipFamily(address) !== (ipv6 ? 6 : 4)) throw new HarnessError('NO_ADDRESS', `"${endpoint.container}" on ${endpoint.on} has no ${ipv6 ? 'IPv6' : 'IPv4'} address on network "${name}"`);
  return address;
}

// Resolves a flow's destination in the live world. A container's address is read from its own host
// at probe time; the last line of defence stays: a probe goes only to an address of a machine of this
// run, or of a service container the run started on one of its hosts.
export async function resolveDestination(world: StepWorld, flow: FlowSpec, from: string, ipv6: boolean): Promise<ResolvedDestination> {
  if (isContainerEndpoint(flow.to)) {
    const host = world.host(flow.to.on);
    if (!host.services.has(flow.to.container)) throw new Error(`refusing to probe ${endpointLabel(flow.to)}: the run started no such service on ${flow.to.on}`);
    const state = await host.engine.container(flow.to.container);
    if (!state) throw new HarnessError('NO_ADDRESS', `"${flow.to.container}" on ${flow.to.on}: its dockerd gave no answer about it (no such container, or no dockerd answering)`);
    const address = containerAddress(state.networks, flow.to, ipv6);
    return { address, destination: { kind: 'docker-host', host: flow.to.on, isSource: flow.to.on === from } };
  }
  const address = isInterfaceEndpoint(flow.to)
    ? world.addressOf(interfaceOwner(flow.to).machine, ipv6, flow.to.interface)
    : world.ownerOf(flow.to) || isLoopback(flow.to)
      ? flow.to
      : world.addressOf(flow.to, ipv6);
  // A loopback address is the `from` machine's own, or `via`'s when the flow is sent through a host.
  const owner = isLoopback(address) ? (flow.via ?? from) : world.ownerOf(address);
  // The last line of defence: a probe goes only to an address of a machine this run created.
  if (!owner) throw new Error(`refusing to probe ${address}: it belongs to no host or source of this run`);
  const targetHost = world.hosts.has(owner);
  return {
    address,
    destination: targetHost ? { kind: 'docker-host', host: owner, isSource: owner === from } : owner === from ? { kind: 'source-itself' } : { kind: 'other-machine' },
  };
}

// What sending `address` out of `device` to `gateway` takes on the source, and how to undo it. Any
// address: a host route via the gateway. A loopback address also needs the local table's route
// replaced (it answers 127.0.0.0/8 from lo before the main table is read), route_localnet on the
// device (else the kernel takes the replies, from a 127/8 source, for martians) and accept_local on it
// (the replies come from 127.0.0.1, an address lo still holds, which the kernel otherwise refuses
// from outside until some `local` route has been added by hand).
export function viaCommands(change: { address: string; gateway: string; device: string; localRoute?: string | undefined; routeLocalnet?: string | undefined; acceptLocal?: string | undefined }): { apply: string[]; undo: string[] } {
  const { address, gateway, device } = change;
  const family = ipFamily(address) === 6 ? '-6' : '-4';
  const prefix = `${address}/${family === '-6' ? 128 : 32}`;
  if (!isLoopback(address)) {
    return { apply: [`ip ${family} route replace ${prefix} via ${gateway} dev ${device}`], undo: [`ip ${family} route del ${prefix} via ${gateway} dev ${device}`] };
  }
  const conf = `net.ipv4.conf.${device}`;
  return {
    apply: [`sysctl -qw ${conf}.route_localnet=1 ${conf}.accept_local=1`, `ip -4 route replace ${prefix} via ${gateway} dev ${device} table local`],
    undo: [
      change.localRoute ? `ip -4 route replace table local ${change.localRoute}` : `ip -4 route del ${prefix} table local`,
      `sysctl -qw ${conf}.route_localnet=${change.routeLocalnet ?? '0'} ${conf}.accept_local=${change.acceptLocal ?? '0'}`,
    ],
  };
}

// Makes the source send the flow's address through the `via` host, recording what changed.
export async function routeThrough(world: StepWorld, from: string, via: string, address: string, ipv6: boolean): Promise<SourceChange> {
  const source = world.machine(from);
  const sourceSpec = world.scenario.hosts[from] ?? world.scenario.sources[from];
  const hostSpec = world.scenario.hosts[via];
  const shared = sourceSpec && hostSpec ? sharedGateway(sourceSpec.interfaces, hostSpec.interfaces, ipv6) : undefined;
  if (!shared) throw new HarnessError('NO_ADDRESS', `"${via}" shares no network with "${from}"`);
  const state = isLoopback(address)
    ? {
        localRoute: (await source.run(`ip -4 route show table local exact ${address}/32`)).trim() || undefined,
        routeLocalnet: (await source.run(`sysctl -n net.ipv4.conf.${shared.device}.route_localnet`)).trim(),
        acceptLocal: (await source.run(`sysctl -n net.ipv4.conf.${shared.device}.accept_local`)).trim(),
      }
    : {};
  const { apply, undo } = viaCommands({ address, ...shared, ...state });
  const change: SourceChange = { on: from, gateway: shared.gateway, applied: apply, undo };
  for (const command of apply) await source.run(command);
  return change;
}

// Undoes what routeThrough changed, every command even when one fails.
export async function undoRouteThrough(world: StepWorld, change: SourceChange): Promise<void> {
  const source = world.machine(change.on);
  const failures: string[] = [];
  for (const command of change.undo) {
    const result = await source.exec(command);
    if (result.exitCode !== 0) failures.push(`${command}: exit ${result.exitCode}: ${result.stderr.trim()}`);
  }
  if (failures.length > 0) throw new HarnessError('COMMAND_FAILED', `undoing via on ${change.on} failed: ${failures.join('; ')}`);
}

