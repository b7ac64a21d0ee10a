import type { FlowSpec } from '../format/fields.ts';
import type { FlowDescription } from '../results/records.ts';
import { endpointLabel } from './flow-destination.ts';
import type { FlowRun } from './flow-runs.ts';
import { describeSource } from './flow-source.ts';

// Pure: what a flow is, as its scenario states it: the one place a flow's endpoints, port, protocol
// and family are put into words, for its record (the report's truth tables) and its name. With a
// run (one family, one sample of a subnet source), the description is that run's.
export function flowDescription(flow: FlowSpec, run?: Pick<FlowRun, 'family' | 'sample'>): FlowDescription {
  return {
    from: `${describeSource(flow.from)}${run?.sample ? ` ${run.sample.address}` : ''}`,
    to: endpointLabel(flow.to),
    ...(flow.via === undefined ? {} : { via: flow.via }),
    port: flow.port,
    proto: flow.proto,
    family: run?.family ?? (flow.family === 'ipv6' ? 'ipv6' : 'ipv4'),
  };
}

// "outsider -> docker1:8080/tcp", "neighbour -> 127.0.0.1:8080/tcp via docker1".
export function flowEndpointsText(description: FlowDescription): string {
  return `${description.from} -> ${description.to}:${description.port}/${description.proto}${description.via ? ` via ${description.via}` : ''}`;
}
