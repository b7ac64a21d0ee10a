import type { FlowSpec } from '../format/fields.ts';
import type { FlowDescription } from '../results/records.ts';
import { endpointLabel } from './flow-destination.ts';
import { describeSource } from './flow-source.ts';

// Pure: what a flow is, as its scenario states it: the one place a flow's endpoints, port, protocol
// and family are put into words, for its record (the report's truth tables) and its name.
export function flowDescription(flow: FlowSpec): FlowDescription {
  return {
    from: describeSource(flow.from),
    to: endpointLabel(flow.to),
    ...(flow.via === undefined ? {} : { via: flow.via }),
    port: flow.port,
    proto: flow.proto,
    family: flow.ipv6 ? 'ipv6' : 'ipv4',
  };
}

// "outsider -> docker1:8080/tcp", "neighbour -> 127.0.0.1:8080/tcp via docker1".
export function flowEndpointsText(description: FlowDescription): string {
  return `${description.from} -> ${description.to}:${description.port}/${description.proto}${description.via ? ` via ${description.via}` : ''}`;
}
