import { cidrContains, ipFamily, ipToBigInt, parseCidr } from '../format/addresses.ts';
import type { CheckContext } from '../format/check-context.ts';
import type { FlowExpect, FlowSpec } from '../format/fields.ts';
import type { FlowResult } from '../results/flow-result.ts';
import type { CheckObservation } from '../results/records.ts';
import { familiesOf, familyLabel } from './flow-runs.ts';

// A flow's `peer`: the address its destination must see it come from. netprobe (a service or a
// listener) answers every connection with the peer it saw, so NAT on the way shows.

// The peer is of the flow's one family, and some version expects the flow to connect (only then is
// anything seen).
export function checkPeer(path: string, flow: FlowSpec, context: CheckContext): void {
  if (flow.peer === undefined) return;
  const family = ipFamily(flow.peer) ?? parseCidr(flow.peer)?.family;
  const families = familiesOf(flow);
  if (families.length > 1) context.report(`${path}.peer`, `is one address, but the flow runs on both families; give each family a flow of its own`);
  else if (family !== undefined && families[0] !== (family === 6 ? 'ipv6' : 'ipv4')) context.report(`${path}.peer`, `${flow.peer} is not an ${familyLabel(families[0]!)} address, the flow's family`);
  const expects = [flow.expect, ...Object.values(flow.perFamily ?? {}).map((override) => override?.expect)].filter((expect): expect is FlowExpect => expect !== undefined);
  if (!expects.some(expectsConnected)) context.report(`${path}.peer`, 'is checked where the flow connects, and this flow is expected to connect nowhere');
}

function expectsConnected(expect: FlowExpect): boolean {
  return typeof expect === 'string' ? expect === 'connected' : Object.values(expect).includes('connected');
}

// The address in a peer as netprobe writes it: "192.168.1.2:40000", "[fd00::2]:40000".
export function peerAddress(seen: string): string {
  const bracketed = /^\[(.+)\]:\d+$/.exec(seen);
  if (bracketed) return bracketed[1]!;
  return seen.replace(/:\d+$/, '');
}

// Whether `seen` is the expected address, or lies in the expected subnet.
export function peerMatches(expected: string, seen: string): boolean {
  const address = peerAddress(seen);
  const cidr = parseCidr(expected);
  // As numbers: IPv6 has several spellings of one address.
  return cidr ? cidrContains(cidr, address) : ipFamily(expected) === ipFamily(address) && ipToBigInt(expected) === ipToBigInt(address);
}

// The peer check of one connected-or-not run of a flow: pass or fail on the peer seen, an error when
// nothing was seen.
export function peerObservation(expected: string, observed: string, result: FlowResult): { observation: CheckObservation; detail: string } {
  const seen = result.state === 'connected' ? result.evidence?.peerSeen : undefined;
  if (seen === undefined) {
    const why = observed === 'connected' ? 'the destination did not say whom it saw (not a netprobe service or listener)' : `the flow did not connect (${observed}), so nothing was seen`;
    return { observation: { observed: 'error', errorCode: 'no-peer-seen' }, detail: why };
  }
  return { observation: { observed: peerMatches(expected, seen) ? 'pass' : 'fail' }, detail: `the destination saw the flow come from ${seen}, expected ${expected}` };
}
