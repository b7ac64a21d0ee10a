import { ipFamily } from './addresses.ts';

// A `docker run -p` spec, read the way Docker reads it: [address:][hostPort[-end]:]containerPort[-end][/tcp|udp],
// an IPv6 address in brackets ([::1]:8080:80). An empty host port (127.0.0.1::80) lets Docker pick one.

export interface PortRange {
  readonly first: number;
  readonly last: number;
}

export interface PublishSpec {
  readonly address?: string;
  readonly hostPorts?: PortRange;
  readonly containerPorts: PortRange;
  readonly proto: 'tcp' | 'udp';
}

// A range a container side may span: each of its ports is a port the service must answer on.
const maxPublishedRange = 100;

// Pure: the spec's parts, or why it is not one Docker would take (naming the part that is wrong).
export function parsePublishSpec(spec: string): PublishSpec | { error: string } {
  const [mapping = '', proto = 'tcp', ...extra] = spec.split('/');
  if (extra.length > 0 || (proto !== 'tcp' && proto !== 'udp')) return { error: `the protocol after "/" must be tcp or udp` };
  let address: string | undefined;
  let ports = mapping;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(mapping);
  if (bracketed) {
    address = bracketed[1]!;
    ports = bracketed[2]!;
    if (ipFamily(address) !== 6) return { error: `"${address}" in brackets must be an IPv6 address` };
  }
  const parts = ports.split(':');
  if (parts.length > 3 || (address !== undefined && parts.length > 2)) return { error: 'has too many ":" (an IPv6 address goes in brackets: [::1]:8080:80)' };
  if (parts.length === 3) {
    address = parts.shift()!;
    if (ipFamily(address) !== 4) return { error: `"${address}" must be an IPv4 address (an IPv6 address goes in brackets: [::1]:8080:80)` };
  }
  const containerText = parts.pop()!;
  const hostText = parts.pop();
  const containerPorts = parseRange(containerText, 'container port');
  if ('error' in containerPorts) return containerPorts;
  if (hostText === undefined || (hostText === '' && address !== undefined)) return { ...(address !== undefined ? { address } : {}), containerPorts, proto };
  const hostPorts = parseRange(hostText, 'host port');
  if ('error' in hostPorts) return hostPorts;
  const size = (range: PortRange) => range.last - range.first + 1;
  if (size(containerPorts) > 1 && size(hostPorts) !== size(containerPorts)) {
    return { error: `host ports ${hostText} and container ports ${containerText} are ranges of different lengths` };
  }
  return { ...(address !== undefined ? { address } : {}), hostPorts, containerPorts, proto };
}

function parseRange(text: string, what: string): PortRange | { error: string } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return { error: `${what} "${text}" must be a number or a range such as 8000-8010` };
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  for (const port of [first, last]) if (port < 1 || port > 65535) return { error: `${what} ${port} is outside 1-65535` };
  if (last < first) return { error: `${what} range ${text} ends before it starts` };
  if (what === 'container port' && last - first + 1 > maxPublishedRange) return { error: `${what} range ${text} spans more than ${maxPublishedRange} ports, each of which the service would answer on` };
  return { first, last };
}

// Pure: the container ports of a valid spec, as "80/tcp".
export function containerPortsOf(spec: PublishSpec): string[] {
  const ports: string[] = [];
  for (let port = spec.containerPorts.first; port <= spec.containerPorts.last; port++) ports.push(`${port}/${spec.proto}`);
  return ports;
}
