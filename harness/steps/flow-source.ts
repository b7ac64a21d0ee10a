import { checkMachine, type CheckContext } from '../format/check-context.ts';
import type { FlowSpec } from '../format/fields.ts';
import type { Machine } from '../machines/machine.ts';
import type { StepWorld } from './step-kind.ts';

// Where a flow's probe runs: on a host or source, or inside a service container on a Docker host.

export type FlowSource = FlowSpec['from'];

// Pure: the machine a flow starts on, whose own addresses and loopback are the source's: the machine
// itself, or the Docker host a container runs on.
export function sourceMachineName(from: FlowSource): string {
  return typeof from === 'string' ? from : from.on;
}

// Pure: how a flow's source is named in its record and evidence.
export function describeSource(from: FlowSource): string {
  return typeof from === 'string' ? from : `${from.container} on ${from.on}`;
}

// A flow starts on a declared host or source, or in a service container an earlier `service` step
// started on the Docker host it names, on the network it joined.
export function checkFlowSource(path: string, from: FlowSource, context: CheckContext): void {
  if (typeof from === 'string') return checkMachine(`${path}.from`, from, context, ['host', 'source']);
  checkMachine(`${path}.from.on`, from.on, context, ['host']);
  const services = context.servicesByHost.get(from.on);
  if (!services?.has(from.container)) {
    const known = [...(services?.keys() ?? [])].join(', ') || 'none';
    return context.report(`${path}.from.container`, `"${from.container}" is not a service started by an earlier service step on "${from.on}" (started there: ${known})`);
  }
  const joined = services.get(from.container) ?? [];
  if (from.network !== undefined && !joined.includes(from.network)) {
    context.report(`${path}.from.network`, `"${from.network}" is not a network "${from.container}" joined on "${from.on}" (${joined.join(', ')})`);
  }
}

export interface ResolvedSource {
  // The machine the probe command runs on.
  readonly machine: Machine;
  // The service container the probe runs in (docker exec), when the flow starts in one.
  readonly container?: string;
  // The Docker host whose firewall the flow crosses on its way out, an observer of every such flow.
  readonly observer?: Machine;
}

// The live machine (and container) a flow's probe runs on.
export function resolveFlowSource(world: StepWorld, from: FlowSource): ResolvedSource {
  if (typeof from === 'string') return { machine: world.machine(from) };
  const host = world.host(from.on).machine;
  return { machine: host, container: from.container, observer: host };
}

// Pure: which Docker hosts observe a flow (trace, counters) and which of them count its arrivals. A
// machine's flow: the destination host, or every host when the destination is none. A container's
// flow: its own host too, which sees every packet it sends enter, so it counts arrivals only as the
// destination; it is the one host on the way to a machine that is no Docker host.
export function flowObservers<M>(sourceHost: M | undefined, destinationHost: M | undefined, allHosts: readonly M[]): { observers: M[]; arrivalsAt?: M[] } {
  if (sourceHost === undefined) return { observers: destinationHost ? [destinationHost] : [...allHosts] };
  const observers = [...new Set([...(destinationHost ? [destinationHost] : []), sourceHost])];
  return { observers, arrivalsAt: destinationHost ? [destinationHost] : [] };
}
